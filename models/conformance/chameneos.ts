/**
 * The chameneos concurrency game (tlaplus/Examples, specifications/Chameneos/Chameneos.tla), checked as in
 * Chameneos.cfg: N = 4 meetings, M = 4 chameneoses, invariants TypeOK and SumMet, no deadlock check.
 *
 * Chameneos c is stored at index c - 1 as a pair <<colour, meetings>>. The model values Faded and
 * MeetingPlaceEmpty become the string 'faded' and null. Meet branches with IF/THEN/ELSE only, so one
 * action per chameneos gives TLC's successors.
 */
import { defineModel } from 'interleave';

type Color = 'blue' | 'red' | 'yellow';
type Creature = readonly [Color | 'faded', number];

interface State {
  readonly chameneoses: readonly Creature[];
  /** The chameneos waiting in the meeting place, or null when it is empty. */
  readonly meetingPlace: number | null;
  readonly numMeetings: number;
}

interface Action {
  readonly type: 'Meet';
  readonly cid: number;
}

type Params = { n: number; m: number };

const COLORS: readonly Color[] = ['blue', 'red', 'yellow'];
const ids = (m: number): number[] => Array.from({ length: m }, (_, i) => i + 1);

function complement(c1: Color, c2: Color): Color {
  return c1 === c2 ? c1 : (COLORS.find((c) => c !== c1 && c !== c2) as Color);
}

function creature(s: State, cid: number): Creature {
  const value = s.chameneoses[cid - 1];
  if (value === undefined) throw new Error(`no chameneos ${cid}`);
  return value;
}

/** All functions ChameneosID -> Color \X {0}. */
function allColorings(m: number): Creature[][] {
  return ids(m).reduce<Creature[][]>((acc) => acc.flatMap((xs) => COLORS.map((c) => [...xs, [c, 0] as const])), [[]]);
}

export default defineModel<State, Action, Params>({
  name: 'Chameneos',
  params: { n: 4, m: 4 },
  deadlock: false,
  init: ({ m }) => allColorings(m).map((chameneoses) => ({ chameneoses, meetingPlace: null, numMeetings: 0 })),
  actions: (s, { m }) =>
    ids(m)
      .filter((cid) => creature(s, cid)[0] !== 'faded')
      .map((cid): Action => ({ type: 'Meet', cid })),
  actor: (a) => `chameneos${a.cid}`,
  next: (s, { cid }, { n }) => {
    const [color, met] = creature(s, cid);
    if (color === 'faded') return undefined;
    if (s.meetingPlace === null) {
      // Enter the empty meeting place, or fade once all N meetings have happened.
      if (s.numMeetings < n) return { ...s, meetingPlace: cid };
      return { ...s, chameneoses: s.chameneoses.map((c, i) => (i === cid - 1 ? ['faded', met] : c)) };
    }
    const other = s.meetingPlace;
    if (other === cid) return undefined;
    const [otherColor] = creature(s, other);
    if (otherColor === 'faded') throw new Error('a faded chameneos waits in the meeting place');
    const newColor = complement(color, otherColor);
    return {
      chameneoses: s.chameneoses.map((c, i) => (i === cid - 1 || i === other - 1 ? [newColor, c[1] + 1] : c)),
      meetingPlace: null,
      numMeetings: s.numMeetings + 1,
    };
  },
  invariants: {
    TypeOK: (s, { n, m }) =>
      s.chameneoses.length === m &&
      s.chameneoses.every(
        ([c, k]) => (c === 'faded' || COLORS.includes(c)) && Number.isInteger(k) && k >= 0 && k <= n,
      ) &&
      (s.meetingPlace === null || ids(m).includes(s.meetingPlace)),
    SumMet: (s, { n }) => s.numMeetings !== n || s.chameneoses.reduce((sum, [, k]) => sum + k, 0) === 2 * n,
  },
});
