import { traceEnding, type StepView, type TraceView } from '../graph/trace-view';
import { stepEdgeKey } from '../graph/trace-graph';
import { edgeElementId, nodeElementId } from './dot';
import { formatPath, formatValue } from '../report/format-value';
import { diffTableHtml, escapeHtml, stateTreeHtml } from './html-state';

/** The trace viewer's style sheet; the explorer's page (src/explore/page.ts) builds on it. */
export const VIEWER_STYLE = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#1f2328;background:#f6f8fa}
header{padding:14px 20px;background:#fff;border-bottom:1px solid #d0d7de}
h1{margin:0 0 4px;font-size:19px}
h2{margin:0 0 8px;font-size:15px}
h3{margin:12px 0 4px;font-size:13px;color:#57606a;text-transform:uppercase;letter-spacing:.04em}
.verdict{color:#b42318;font-weight:600}
.meta,.keys{color:#57606a;font-size:13px}
kbd{border:1px solid #d0d7de;border-bottom-width:2px;border-radius:4px;padding:0 4px;font:12px ui-monospace,monospace;background:#f6f8fa}
main{display:grid;grid-template-columns:minmax(320px,5fr) minmax(360px,6fr);gap:16px;padding:16px 20px}
.panel{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:12px 14px;min-width:0;align-self:start}
#detail{position:sticky;top:8px;max-height:calc(100vh - 16px);overflow:auto}
#graph{grid-column:1/-1;overflow:auto}
@media (min-width:1500px){main{grid-template-columns:minmax(320px,5fr) minmax(360px,6fr) minmax(300px,4fr)}#graph{grid-column:auto;position:sticky;top:8px;max-height:calc(100vh - 16px);align-self:start}}
#graph svg{max-width:100%;height:auto}
code,.v,.path,.before,.after,.chgs{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
table{border-collapse:collapse;width:100%}
th,td{text-align:left;vertical-align:top;padding:4px 8px;border-bottom:1px solid #eaeef2}
th{font-size:12px;color:#57606a;font-weight:600}
#lanes tbody tr{cursor:pointer}
#lanes tbody tr:hover{background:#f3f6fa}
#lanes tr.current{background:#dbeafe !important;outline:2px solid #2563eb;outline-offset:-2px}
#lanes td.n{color:#57606a;width:2.5em;text-align:right;white-space:nowrap}
#lanes td.act b{display:block}
#lanes td.act{overflow-wrap:anywhere}
#steps{overflow-x:auto}
#lanes .chgs{color:#57606a;display:block}
#lanes tr.bad td.n{color:#b42318;font-weight:700}
#lanes .fail{display:block;color:#b42318;font-weight:600}
#lanes tr.loop td.n::after{content:" ↻";color:#2563eb}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12px;font-weight:600}
.badge.fail{background:#fee4e2;color:#b42318}
.badge.loop{background:#dbeafe;color:#1e40af}
.step[hidden]{display:none}
.step h2 .actor{color:#1e40af}
table.diff tr.chg td{background:#fff8c5}
table.diff td.path{font-weight:700}
table.diff td.before{color:#8c959f;text-decoration:line-through}
.tree{margin-top:6px}
.tree .row{padding:1px 0 1px 10px;border-left:2px solid transparent}
.tree .kids{margin-left:12px}
.tree .k{color:#57606a}
.tree .row.chg-in{border-left-color:#f5d90a}
.tree .row.chg{background:#fff8c5;border-left-color:#d4a72c}
.tree .row.chg>.k{color:#1f2328;font-weight:700}
.none{color:#57606a;font-style:italic}
#graph g.current path,#graph g.current polygon,#graph g.current ellipse{stroke:#2563eb;stroke-width:3px}
#graph g.current text{fill:#1e40af}
#graph g.node,#graph g.edge{cursor:pointer}
`;

const SCRIPT = `
(function(){
  var steps=[].slice.call(document.querySelectorAll('section.step'));
  var rows=[].slice.call(document.querySelectorAll('#lanes tbody tr'));
  var current=-1;
  function mark(id,on){if(!id)return;var el=document.getElementById(id);if(el)el.classList.toggle('current',on);}
  function show(i){
    if(!steps.length)return;
    i=Math.max(0,Math.min(steps.length-1,i));
    if(current>=0){steps[current].hidden=true;rows[current].classList.remove('current');mark(steps[current].dataset.node,false);mark(steps[current].dataset.edge,false);}
    current=i;
    var s=steps[i];s.hidden=false;rows[i].classList.add('current');mark(s.dataset.node,true);mark(s.dataset.edge,true);
    if(rows[i].scrollIntoView)rows[i].scrollIntoView({block:'nearest'});
    var n=s.dataset.node&&document.getElementById(s.dataset.node),g=document.getElementById('graph');
    if(n&&g&&n.getBoundingClientRect){var r=n.getBoundingClientRect(),c=g.getBoundingClientRect();if(r.top<c.top||r.bottom>c.bottom)g.scrollTop+=r.top-c.top-c.height/3;}
    document.getElementById('position').textContent='step '+i+' of '+(steps.length-1);
    if(history.replaceState)history.replaceState(null,'','#'+i);
  }
  document.addEventListener('keydown',function(e){
    if(e.altKey||e.ctrlKey||e.metaKey)return;
    var k=e.key;
    if(k==='ArrowDown'||k==='ArrowRight'||k==='j'||k==='n'||k===' '){show(current+1);}
    else if(k==='ArrowUp'||k==='ArrowLeft'||k==='k'||k==='p'){show(current-1);}
    else if(k==='Home'||k==='g'){show(0);}
    else if(k==='End'||k==='G'){show(steps.length-1);}
    else return;
    e.preventDefault();
  });
  rows.forEach(function(r,i){r.addEventListener('click',function(){show(i);});});
  steps.forEach(function(s,i){
    var n=s.dataset.node&&document.getElementById(s.dataset.node);
    if(n&&!n.dataset.step){n.dataset.step=String(i);n.addEventListener('click',function(){show(i);});}
    var e=s.dataset.edge&&document.getElementById(s.dataset.edge);
    if(e)e.addEventListener('click',function(){show(i);});
  });
  var start=parseInt(location.hash.slice(1),10);
  show(isNaN(start)?0:start);
})();
`;

function describe(view: TraceView): string {
  const steps = Math.max(0, view.steps.length - 1);
  const after = `after ${steps} step${steps === 1 ? '' : 's'}`;
  switch (view.kind) {
    case 'invariant':
      return `Invariant ${view.name ?? ''} is violated ${after}`;
    case 'action-invariant':
      return `Action invariant ${view.name ?? ''} is broken by step ${steps}`;
    case 'deadlock':
      return `Deadlock ${after}: no action is enabled`;
    case 'liveness':
      return traceEnding(view) === 'stutter'
        ? `Liveness property ${view.name ?? ''} is violated: the behaviour stops at step ${view.loopStart ?? 0} and stutters forever`
        : `Liveness property ${view.name ?? ''} is violated: from step ${view.loopStart ?? 0} the behaviour loops forever`;
    case 'unreachable':
      return `No reachable state satisfies ${view.name ?? ''}`;
    default:
      return `Trace of ${steps} step${steps === 1 ? '' : 's'}`;
  }
}

function lanesTable(view: TraceView): string {
  const lanes = view.lanes;
  const head = `<tr><th>#</th>${lanes.map((l) => `<th>${escapeHtml(l)}</th>`).join('')}</tr>`;
  const rows = view.steps.map((s) => {
    const cls = [s.violating || s.failingSteps.length > 0 ? 'bad' : '', s.inLoop ? 'loop' : ''].filter(Boolean).join(' ');
    const attr = cls ? ` class="${cls}"` : '';
    if (s.index === 0) {
      return `<tr${attr} data-step="0"><td class="n">0</td><td class="act" colspan="${Math.max(1, lanes.length)}"><b>initial state</b></td></tr>`;
    }
    const cells = lanes.map((lane) => {
      if (lane !== s.lane) return '<td></td>';
      const changes = s.changes.map((c) => `${formatPath(c.path)} = ${'after' in c ? formatValue(c.after, 40) : '(removed)'}`);
      const failing = [...s.failing, ...s.failingSteps].map((name) => `<span class="fail">✗ ${escapeHtml(name)}</span>`).join('');
      return `<td class="act"><b>${escapeHtml(s.label)}</b><span class="chgs">${changes.map(escapeHtml).join('<br>')}</span>${failing}</td>`;
    });
    return `<tr${attr} data-step="${s.index}"><td class="n">${s.index}</td>${cells.join('')}</tr>`;
  });
  return `<table id="lanes"><thead>${head}</thead><tbody>${rows.join('')}</tbody></table>`;
}

function stepSection(view: TraceView, s: StepView): string {
  const last = view.steps.length - 1;
  const title =
    s.index === 0
      ? 'Step 0: initial state'
      : `Step ${s.index}: <span class="actor">${escapeHtml(s.lane ?? '')}</span> does <code>${escapeHtml(s.label)}</code>`;
  const badges: string[] = [];
  for (const name of s.failing) badges.push(`<span class="badge fail">✗ invariant ${escapeHtml(name)} is false here</span>`);
  for (const name of s.failingSteps) badges.push(`<span class="badge fail">✗ action invariant ${escapeHtml(name)} broken by this step</span>`);
  if (s.index === last && view.kind === 'deadlock') badges.push('<span class="badge fail">✗ deadlock: no action is enabled here</span>');
  if (s.index === last && traceEnding(view) === 'loop') {
    badges.push(`<span class="badge loop">↻ back to the state of step ${view.loopStart ?? 0}: the loop repeats forever</span>`);
  }
  if (s.index === last && traceEnding(view) === 'stutter') badges.push('<span class="badge loop">↻ the behaviour stops here and stutters forever</span>');
  const edge = s.index > 0 ? ` data-edge="${escapeHtml(edgeElementId(stepEdgeKey(s.index)))}"` : '';
  const changes = s.index === 0 ? '' : `<h3>Changed</h3>${diffTableHtml(s.changes)}`;
  return [
    `<section class="step" id="step-${s.index}" data-step="${s.index}" data-node="${escapeHtml(nodeElementId(s.key))}"${edge} hidden>`,
    `<h2>${title}</h2>`,
    badges.length > 0 ? `<p>${badges.join(' ')}</p>` : '',
    changes,
    `<h3>State after step ${s.index}</h3>`,
    stateTreeHtml(s.state, s.changes),
    '</section>',
  ].join('');
}

/** Strips the XML prolog and DOCTYPE that Graphviz writes, so the SVG can sit inside HTML. */
function inlineSvg(svg: string): string {
  return svg.replace(/^<\?xml[^>]*>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/, '').replace(/<!--[\s\S]*?-->\s*/g, '');
}

/**
 * One self-contained HTML page per counterexample: the steps in lanes per actor, each step's diff with the
 * changed fields highlighted, the state after it, and the graph. Arrow keys or j/k move between steps.
 * Nothing is loaded from the network (the content security policy forbids it).
 */
export function toHtml(view: TraceView, svg: string): string {
  const params = Object.entries(view.params).map(([k, v]) => `${k}=${String(v)}`).join(', ');
  const title = `${view.model ?? 'trace'}: ${describe(view)}`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${VIEWER_STYLE}</style></head><body>`,
    '<header>',
    `<h1>${escapeHtml(view.model ?? 'trace')}</h1>`,
    `<div class="verdict">${escapeHtml(describe(view))}</div>`,
    `<div class="meta">${params ? `params: ${escapeHtml(params)} · ` : ''}<span id="position"></span></div>`,
    '<div class="keys"><kbd>↓</kbd>/<kbd>→</kbd>/<kbd>j</kbd> next step · <kbd>↑</kbd>/<kbd>←</kbd>/<kbd>k</kbd> previous · <kbd>Home</kbd>/<kbd>End</kbd> first/last · click a row or a graph node</div>',
    '</header><main>',
    `<div class="panel" id="steps"><h2>Steps, one column per actor</h2>${lanesTable(view)}</div>`,
    `<div class="panel" id="detail">${
      view.steps.length > 0
        ? view.steps.map((s) => stepSection(view, s)).join('')
        : '<p class="none">There is no trace to show: no reachable state is an example.</p>'
    }</div>`,
    `<div class="panel" id="graph"><h2>Graph</h2>${inlineSvg(svg)}</div>`,
    '</main>',
    `<script>${SCRIPT}</script>`,
    '</body></html>',
    '',
  ].join('\n');
}
