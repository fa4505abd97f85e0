import { describe, expect, it } from 'vitest';
import { nativeName, readPerfMap, readProfile } from '../../bench/instruction-profile';

// The shapes of callgrind's output with --dump-instr=yes: compressed names ("fn=(n) name" once, then "fn=(n)"),
// relative positions, and the inclusive cost of a call on the line after "calls=", which is not the caller's own.
const CALLGRIND = `version: 1
creator: callgrind-3.19.0
positions: instr line
events: Ir
fl=(1) ???
fn=(1) 0x000000000d0ab180
0xd0ab180 0 10
+4 0 5
cfn=(2) Builtins_StrictEqual
calls=3 0x1000 0
+2 0 100
* 0 1
+38 0 4
fn=(2)
0x1000 0 7
fn=(3) v8::internal::Runtime_DefineKeyedOwnPropertyInLiteral(int, unsigned long*, v8::internal::Isolate*)
0x2000 0 3
fn=(4) 0x0000000000000500'2
0x500 0 2
totals: 132
`;

const MAP = `d0ab180 20 JS:*diff /root/dist/src/state/fingerprint.js:497:9
d0ab1a0 10 JS:^diff /root/dist/src/state/fingerprint.js:497:9
d0ab1c0 10 JS:~next /root/models/conformance/two-phase.ts:64:11
`;

describe('instruction profile', () => {
  it('counts each function its own instructions, JavaScript tiers merged and named from the map, calls not counted twice', () => {
    const { total, entries } = readProfile(CALLGRIND, readPerfMap(MAP, '/root'));
    expect(entries).toEqual([
      { name: 'diff src/state/fingerprint.js:497', instructions: 20 },
      { name: 'Builtins_StrictEqual', instructions: 7 },
      { name: 'v8::internal::Runtime_DefineKeyedOwnPropertyInLiteral', instructions: 3 },
      { name: 'code without a name', instructions: 2 },
    ]);
    expect(total).toBe(32);
  });

  it('names a model function by its file under the project, and C++ functions without their parameters', () => {
    expect(readPerfMap(MAP, '/root').map((r) => r.name)).toEqual(['diff src/state/fingerprint.js:497', 'diff src/state/fingerprint.js:497', 'next models/conformance/two-phase.ts:64']);
    expect(nativeName('v8::internal::compiler::(anonymous namespace)::SourcePositionWrapper::Reduce(v8::internal::compiler::Node*)')).toBe('v8::internal::compiler::(anonymous namespace)::SourcePositionWrapper::Reduce');
    expect(nativeName('v8::internal::FeedbackNexus::ic_state() const')).toBe('v8::internal::FeedbackNexus::ic_state');
    expect(nativeName("Builtins_StrictEqual'2")).toBe('Builtins_StrictEqual');
  });
});
