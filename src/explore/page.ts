import type { ModelInfo } from './server';
import { VIEWER_STYLE } from '../export/html';
import { escapeHtml } from '../export/html-state';

/** The page talks to its own server only; nothing else is loaded. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'; img-src data:";

const STYLE = `
main{grid-template-columns:minmax(320px,4fr) minmax(380px,6fr) minmax(320px,4fr)}
@media (max-width:1100px){main{grid-template-columns:1fr}}
#detail,#next{position:sticky;top:8px;max-height:calc(100vh - 16px);overflow:auto}
#lanes{table-layout:fixed}
#lanes th:first-child{width:2.5em}
#lanes tr.ahead td{opacity:.45}
#succ tbody tr{cursor:pointer}
#succ tbody tr:hover{background:#f3f6fa}
#succ tr.sel{background:#dbeafe;outline:2px solid #2563eb;outline-offset:-2px}
#succ td.n{color:#57606a;width:2em;text-align:right}
#succ .actor,#power .actor{color:#1e40af;font-weight:600}
#succ .chgs,#power .chgs{color:#57606a;display:block}
.fail{color:#b42318;font-weight:600}
.ok{color:#1a7f37;font-weight:600}
.unknown{color:#9a6700;font-weight:600}
.stutter{color:#57606a;font-style:italic}
#props td.v{white-space:nowrap}
#props td.kind{color:#57606a;font-size:12px}
button{font:inherit;border:1px solid #d0d7de;border-radius:6px;background:#f6f8fa;padding:3px 10px;cursor:pointer}
button:hover{background:#eaeef2}
button.power{border-color:#d4a72c;background:#fff8c5}
#power ol{margin:6px 0 0;padding-left:22px}
#power li{padding:4px 6px;border-radius:6px;cursor:pointer;margin-bottom:2px}
#power li:hover{background:#fff8c5}
#power .persisted{color:#1a7f37}
#power .lost{color:#b42318}
#errors .err{background:#fee4e2;border:1px solid #fda29b;border-radius:6px;padding:6px 10px;margin:0 0 8px;color:#7a271a}
#errors .err code{font-weight:700}
#space .progress{color:#57606a;font-size:13px;margin:6px 0}
#space ul{margin:6px 0 0;padding-left:18px}
.section{margin-top:14px}
`;

const SCRIPT = `
(function(){
  var info=null,view=null,trail=[],trailSteps=[],sel=0,run=null,polling=false;
  function $(id){return document.getElementById(id);}
  function esc(s){return String(s).replace(/[&<>"']/g,function(c){return {'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;',"'":'&#39;'}[c];});}
  function pathOfHash(){var m=/^#\\/([0-9.]+)$/.exec(location.hash);return m?m[1].split('.').map(Number):[0];}
  function go(p){var h='#/'+p.join('.');if(location.hash===h)load();else location.hash=h;}
  function isPrefix(a,b){if(a.length>b.length)return false;for(var i=0;i<a.length;i++)if(a[i]!==b[i])return false;return true;}
  function api(url,opts){return fetch(url,opts).then(function(r){return r.json().then(function(j){return {status:r.status,body:j};});});}
  function showErrors(list){
    $('errors').innerHTML=list.map(function(e){return '<div class="err">'+(e.code?'<code>'+esc(e.code)+'</code> ':'')+esc(e.message)+(e.hint?'<br><i>'+esc(e.hint)+'</i>':'')+'</div>';}).join('');
  }
  function load(){
    var p=pathOfHash();
    api('/api/state?path='+p.join(',')).then(function(r){
      if(r.status!==200){
        var e=r.body.error||{message:'HTTP '+r.status};
        var msg=r.status===422?[{code:e.code,message:e.message+' (while computing the steps out of state '+(r.body.at.length?r.body.at.join('.'):'init')+')',hint:e.hint}]:[e];
        showErrors(msg.concat([{message:'Go back to the initial state with Home, or to the previous state with the back button.'}]));
        $('position').textContent='no state at '+p.join('.');
        return;
      }
      view=r.body;
      if(!isPrefix(p,trail)){trail=p.slice();trailSteps=view.trail.slice();}
      else if(p.length===trail.length){trailSteps=view.trail.slice();}
      sel=0;render();
    },function(e){showErrors([{message:'The explorer server did not answer: '+e}]);});
  }
  function badge(ok,yes,no){return ok===null?'<span class="unknown">? threw</span>':ok?'<span class="ok">✓ '+yes+'</span>':'<span class="fail">✗ '+no+'</span>';}
  function found(name){if(!run||!run.result)return null;for(var i=0;i<run.result.violations.length;i++)if(run.result.violations[i].name===name)return run.result.violations[i];return null;}
  function linkOf(v){return v.path?'<a class="cex" href="#/'+v.path.join('.')+'" data-path="'+v.path.join('.')+'">shortest counterexample ('+v.steps+' step'+(v.steps===1?'':'s')+')</a>':(v.error?esc(v.error):'no state is an example');}
  function spaceCell(name,kind){
    if(!run||!run.result)return '<td class="v"></td>';
    var v=found(name),res=run.result;
    if(v)return '<td class="v fail">'+(kind==='reachable'?'never reached':linkOf(v))+'</td>';
    var complete=res.verdict==='ok'||(res.verdict!=='incomplete'&&!res.reason&&res.verdict!=='error');
    if(kind==='reachable')return '<td class="v">'+(res.reachable[name]?'<span class="ok">reached</span>':complete?'<span class="fail">never reached</span>':'not reached yet')+'</td>';
    return '<td class="v">'+(complete?'<span class="ok">holds in all '+res.distinctStates+' states</span>':'none found in '+res.distinctStates+' states')+'</td>';
  }
  function renderProps(){
    var rows=[];
    function add(kind,label,rec,yes,no){Object.keys(rec).forEach(function(n){rows.push('<tr><td class="kind">'+label+'</td><td><code>'+esc(n)+'</code></td><td class="v">'+badge(rec[n],yes,no)+'</td>'+spaceCell(n,kind)+'</tr>');});}
    add('invariant','invariant',view.invariants,'holds','violated here');
    if(view.step)add('action','action invariant',view.actionInvariants,'kept by the last step','broken by the last step');
    else info.actionInvariants.forEach(function(n){rows.push('<tr><td class="kind">action invariant</td><td><code>'+esc(n)+'</code></td><td class="v none">no step yet</td>'+spaceCell(n,'action')+'</tr>');});
    add('reachable','reachable',view.reachable,'true here','false here');
    if(run&&run.result)run.result.violations.forEach(function(v){if(v.kind==='deadlock'||v.kind==='liveness')rows.push('<tr><td class="kind">'+esc(v.kind)+'</td><td><code>'+esc(v.name)+'</code></td><td class="v"></td><td class="v fail">'+linkOf(v)+'</td></tr>');});
    $('props').innerHTML=rows.length?'<table><thead><tr><th>kind</th><th>property</th><th>here</th><th>whole space</th></tr></thead><tbody>'+rows.join('')+'</tbody></table>':'<p class="none">The model declares no properties.</p>';
  }
  function renderLanes(){
    var lanes=[];trailSteps.forEach(function(s){if(s.lane!==undefined&&s.lane!==null&&lanes.indexOf(s.lane)<0)lanes.push(s.lane);});
    var cur=view.path.length-1;
    var head='<tr><th>#</th>'+lanes.map(function(l){return '<th>'+esc(l)+'</th>';}).join('')+'</tr>';
    var body=trailSteps.map(function(s,i){
      var cls=[i===cur?'current':'',i>cur?'ahead':'',s.failing.length?'bad':''].filter(Boolean).join(' ');
      var fail=s.failing.map(function(n){return '<span class="fail">✗ '+esc(n)+'</span>';}).join('');
      var cells=i===0?'<td class="act" colspan="'+Math.max(1,lanes.length)+'"><b>initial state '+trail[0]+'</b>'+fail+'</td>':lanes.map(function(l){return l!==s.lane?'<td></td>':'<td class="act"><b>'+esc(s.label)+'</b><span class="chgs">'+s.changes.map(esc).join('<br>')+'</span>'+fail+'</td>';}).join('');
      return '<tr'+(cls?' class="'+cls+'"':'')+' data-depth="'+i+'"><td class="n">'+i+'</td>'+cells+'</tr>';
    });
    $('lanes').innerHTML='<thead>'+head+'</thead><tbody>'+body.join('')+'</tbody>';
    [].forEach.call($('lanes').querySelectorAll('tbody tr'),function(r){r.addEventListener('click',function(){go(trail.slice(0,Number(r.dataset.depth)+1));});});
    var c=$('lanes').querySelector('tr.current');if(c&&c.scrollIntoView)c.scrollIntoView({block:'nearest'});
  }
  function changesText(s,n){var c=s.changes.slice(0,n).map(function(c){return esc(c.path)+' = '+esc(c.after===undefined?'(removed)':c.after);});if(s.changes.length>n)c.push('… '+(s.changes.length-n)+' more');return c.join('<br>');}
  function verdictsOf(s){return s.violates.concat(s.breaks).map(function(n){return ' <span class="fail">✗ '+esc(n)+'</span>';}).join('');}
  function ordinary(){return view.successors.filter(function(s){return !s.crash;});}
  function renderSucc(){
    var list=ordinary();
    if(!list.length&&view.errors.length&&!view.successors.length){$('succ-none').innerHTML='<span class="fail">The steps out of this state could not be computed: the model failed (see the error).</span>';}
    else if(!list.length){$('succ').innerHTML='';$('succ-none').innerHTML=view.deadlock?'<span class="fail">✗ Deadlock: no action is enabled here.</span>':'<span class="none">No action is enabled here'+(view.successors.length?' but a power failure':'')+'.</span>';}
    else $('succ-none').innerHTML='';
    $('succ').innerHTML='<tbody>'+list.map(function(s,k){
      return '<tr data-index="'+s.index+'"'+(k===sel?' class="sel"':'')+'><td class="n">'+(k<9?k+1:'')+'</td><td><span class="actor">'+esc(s.lane)+'</span> <code>'+esc(s.label)+'</code>'+verdictsOf(s)+'<span class="chgs">'+(s.changed?changesText(s,4):'<span class="stutter">changes nothing</span>')+'</span></td></tr>';
    }).join('')+'</tbody>';
    [].forEach.call($('succ').querySelectorAll('tr'),function(r){r.addEventListener('click',function(){go(view.path.concat([Number(r.dataset.index)]));});});
  }
  function renderPower(){
    var crashes=view.successors.filter(function(s){return s.crash;});
    var box=$('power');
    if(!info.crash){box.hidden=true;return;}
    box.hidden=false;
    if(!crashes.length){$('power-body').innerHTML='<p class="none">No crash is left in this behaviour (crashes = maxCrashes), so power cannot fail here.</p>';return;}
    var open=box.dataset.open==='1';
    var items=crashes.map(function(s){
      var c=s.crash;
      return '<li data-index="'+s.index+'"><b>'+(c.persisted.length?'<span class="persisted">persisted '+c.persisted.map(esc).join(', ')+'</span>':'nothing persisted')+'</b>'+(c.lost.length?' · <span class="lost">lost '+c.lost.map(esc).join(', ')+'</span>':'')+verdictsOf(s)+'<span class="chgs">'+changesText(s,3)+'</span></li>';
    }).join('');
    $('power-body').innerHTML='<button class="power" id="power-fail">⚡ Power fails here: '+crashes.length+' disk image'+(crashes.length===1?'':'s')+' possible</button>'+(open?'<p class="meta">Pick the disk image the crash leaves; the explorer continues into recovery from it.</p><ol id="images">'+items+'</ol>':'');
    $('power-fail').addEventListener('click',function(){box.dataset.open=open?'0':'1';renderPower();});
    [].forEach.call(box.querySelectorAll('#images li'),function(li){li.addEventListener('click',function(){go(view.path.concat([Number(li.dataset.index)]));});});
  }
  function render(){
    showErrors(view.errors);
    var p=view.path;
    $('position').textContent='state '+p.join('.')+' · depth '+(p.length-1);
    var title=view.step?'After step '+(p.length-1)+': <span class="actor">'+esc(view.step.lane)+'</span> does <code>'+esc(view.step.label)+'</code>':'Initial state '+p[0];
    var badges=[];
    Object.keys(view.invariants).forEach(function(n){if(view.invariants[n]===false)badges.push('<span class="badge fail">✗ invariant '+esc(n)+' is false here</span>');});
    Object.keys(view.actionInvariants).forEach(function(n){if(view.actionInvariants[n]===false)badges.push('<span class="badge fail">✗ action invariant '+esc(n)+' broken by this step</span>');});
    if(view.deadlock)badges.push('<span class="badge fail">✗ deadlock: no action is enabled here</span>');
    if(view.outsideConstraint)badges.push('<span class="badge loop">outside the constraint: the checker does not expand this state</span>');
    $('title').innerHTML=title;$('badges').innerHTML=badges.join(' ');
    $('changed').innerHTML=view.step?'<h3>Changed by the last step</h3>'+view.changesHtml:'';
    $('tree').innerHTML=view.stateHtml;
    renderProps();renderLanes();renderSucc();renderPower();
  }
  function renderRun(){
    var b=$('run-button'),s=run.status,t='';
    b.textContent=s==='running'?'Stop':s==='stopping'?'Stopping…':run.result||run.error?'Check again':'Check the whole space';
    b.disabled=s==='stopping';
    var pr=run.progress;
    if(s==='running'||s==='stopping')t='Checking breadth-first: '+(pr?pr.distinctStates+' states, '+pr.generatedStates+' generated, depth '+pr.depth+', '+(pr.elapsedMs/1000).toFixed(1)+' s':'starting…');
    var res=run.result,out='';
    if(res){
      t=(res.verdict==='ok'?'<span class="ok">Every property holds</span>':res.verdict==='incomplete'?'Stopped ('+esc(res.reason||'')+')':res.verdict==='error'?'<span class="fail">The model failed</span>':'<span class="fail">'+res.violations.length+' propert'+(res.violations.length===1?'y':'ies')+' violated</span>'+(res.reason?' (stopped: '+esc(res.reason)+')':''))+': '+res.distinctStates+' distinct states, depth '+res.depth+', '+(res.durationMs/1000).toFixed(1)+' s';
      out=res.violations.map(function(v){return '<li><b>'+esc(v.kind)+' '+esc(v.name)+'</b>: '+linkOf(v)+'</li>';}).join('');
    }
    if(run.error)out+='<li class="fail">'+(run.error.code?esc(run.error.code)+' ':'')+esc(run.error.message)+'</li>';
    $('run-progress').innerHTML=t;$('run-found').innerHTML=out;
    if(view)renderProps();
    if((s==='running'||s==='stopping')&&!polling){polling=true;setTimeout(function(){polling=false;poll();},400);}
  }
  function poll(){api('/api/run').then(function(r){run=r.body;renderRun();});}
  $('run-button').addEventListener('click',function(){
    var stop=run&&run.status==='running';
    api('/api/run/'+(stop?'stop':'start'),{method:'POST',headers:{'x-interleave-explorer':'1'}}).then(function(r){run=r.body;renderRun();});
  });
  document.addEventListener('click',function(e){var a=e.target.closest&&e.target.closest('a.cex');if(a){e.preventDefault();trail=a.dataset.path.split('.').map(Number);trailSteps=[];go(trail);}});
  document.addEventListener('keydown',function(e){
    if(e.altKey||e.ctrlKey||e.metaKey||!view)return;
    var k=e.key,list=ordinary(),p=view.path;
    if(k==='ArrowDown'||k==='j'){sel=Math.min(list.length-1,sel+1);renderSucc();}
    else if(k==='ArrowUp'||k==='k'){sel=Math.max(0,sel-1);renderSucc();}
    else if(k==='ArrowRight'||k==='l'||k==='Enter'||k==='n'){
      if(p.length<trail.length&&isPrefix(p,trail)&&sel===0)go(trail.slice(0,p.length+1));
      else if(list[sel])go(p.concat([list[sel].index]));
    }
    else if(k==='ArrowLeft'||k==='h'||k==='Backspace'||k==='p'){if(p.length>1)go(p.slice(0,-1));}
    else if(k==='Home'||k==='g'){go([p[0]]);}
    else if(k==='End'||k==='G'){go(trail);}
    else if(/^[1-9]$/.test(k)){var s=list[Number(k)-1];if(s)go(p.concat([s.index]));}
    else if(k==='x'&&info.crash){var b=$('power-fail');if(b)b.click();}
    else return;
    e.preventDefault();
  });
  window.addEventListener('hashchange',load);
  api('/api/model').then(function(r){info=r.body;load();poll();});
})();
`;

/** The explorer's one page: self-contained (no network but its own API), styled like the trace viewer. */
export function explorerPage(info: ModelInfo): string {
  const params = Object.entries(info.params).map(([k, v]) => `${k}=${String(v)}`).join(', ');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${PAGE_CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<link rel="icon" href="data:,">',
    `<title>${escapeHtml(info.model)}: explorer</title>`,
    `<style>${VIEWER_STYLE}${STYLE}</style></head><body>`,
    '<header>',
    `<h1>${escapeHtml(info.model)} <span class="meta">explorer</span></h1>`,
    `<div class="meta">${escapeHtml(info.file)}${params ? ` · params: ${escapeHtml(params)}` : ''} · <span id="position"></span></div>`,
    '<div class="keys"><kbd>1</kbd>–<kbd>9</kbd> take a step · <kbd>↓</kbd>/<kbd>↑</kbd> choose a step, <kbd>→</kbd>/<kbd>Enter</kbd> take it · <kbd>←</kbd> back · <kbd>Home</kbd>/<kbd>End</kbd> first/last state of the path' +
      (info.crash ? ' · <kbd>x</kbd> power fails here' : '') +
      ' · click a row of the path to go back there</div>',
    '</header><main>',
    '<div class="panel" id="steps"><h2>Path so far, one column per actor</h2><table id="lanes"></table></div>',
    '<div class="panel" id="detail"><div id="errors"></div><h2 id="title"></h2><p id="badges"></p>',
    '<h3>Properties</h3><div id="props"></div><div id="changed"></div><h3>State</h3><div id="tree"></div></div>',
    '<div class="panel" id="next"><h2>Enabled steps</h2><table id="succ"></table><p id="succ-none"></p>',
    '<div id="power" class="section" hidden><h2>Power failure</h2><div id="power-body"></div></div>',
    '<div id="space" class="section"><h2>Whole state space</h2><button id="run-button">Check the whole space</button>',
    '<div class="progress" id="run-progress">Not checked yet: the states above are computed as you step.</div><ul id="run-found"></ul></div>',
    '</div>',
    '</main>',
    `<script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
