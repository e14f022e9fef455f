// The detector's memory: its left and right semi-contexts, found by the hash of their facts and by
// each fact, the contexts joining them, and the semi-contexts the last crossing matched. Making a
// context (cad_ose.py's getContextByFacts) lives here because it is the only thing that grows the
// memory, and the only place maxContexts, eddy's bound on it, is enforced (as in the kernel's
// assembly/detectors/context-store.ts).

import { PyIntDict } from './context-reference-dict.js';
import { pythonTupleHash } from './context-reference-hash.js';

export interface RightSemiContext {
  readonly facts: readonly number[];
  /** The facts of the last crossing it shares with the input, in input order. */
  matched: number[];
  count: number;
}

export interface LeftSemiContext extends RightSemiContext {
  /** Right semi-context id → context id. */
  readonly contexts: PyIntDict;
}

export interface Context {
  /** Right facts it could have predicted, summed over the steps its left side was fully matched. */
  seen: number;
  /** Right facts it did predict, summed likewise. */
  hits: number;
  /** Steps it was fully matched on both sides. */
  activations: number;
  readonly rightFacts: readonly number[];
  zeroLevel: boolean;
  readonly leftHash: bigint;
  readonly rightHash: bigint;
}

/** A context's facts: (left semi-context, right semi-context). */
export type FactPair = readonly [left: readonly number[], right: readonly number[]];

/** Every semi-context and context one detector instance has learned. */
export class ContextStore {
  readonly leftByHash = new Map<bigint, number>();
  readonly rightByHash = new Map<bigint, number>();
  readonly lefts: LeftSemiContext[] = [];
  readonly rights: RightSemiContext[] = [];
  readonly leftFacts = new Map<number, LeftSemiContext[]>();
  readonly rightFacts = new Map<number, RightSemiContext[]>();
  /** The left semi-contexts the last left crossing matched (context-reference-crossing.ts). */
  crossedLeft: LeftSemiContext[] = [];
  /** The right semi-contexts the last right crossing matched (context-reference-statistics.ts). */
  crossedRight: RightSemiContext[] = [];
  readonly contexts: Context[] = [];

  constructor(private readonly maxContexts: number) {}

  /**
   * getContextByFacts(…, zerolevel=1): the context's id when it was made now; an existing one is
   * marked zero-level instead (undefined), as is a new one maxContexts leaves no room for.
   */
  addZeroLevel(left: readonly number[], right: readonly number[]): number | undefined {
    const found = this.findOrAdd(left, right, true);
    if (found === undefined) return undefined;
    const [id, isNew] = found;
    if (isNew) return id;
    this.contexts[id]!.zeroLevel = true;
    return undefined;
  }

  /**
   * The context (left, right) — [id, made now] — creating it and its semi-contexts as Python does,
   * unless it is new and maxContexts are already held: then nothing is made (undefined).
   */
  findOrAdd(left: readonly number[], right: readonly number[], zeroLevel: boolean): [number, boolean] | undefined {
    const leftHash = pythonTupleHash(left);
    const rightHash = pythonTupleHash(right);
    const leftId = this.leftByHash.get(leftHash);
    const rightId = this.rightByHash.get(rightHash);
    if (leftId !== undefined && rightId !== undefined) {
      const existing = this.lefts[leftId]!.contexts.get(rightId);
      if (existing !== undefined) return [existing, false];
    }
    if (this.contexts.length >= this.maxContexts) return undefined;
    let l = leftId;
    if (l === undefined) {
      l = this.lefts.length;
      this.leftByHash.set(leftHash, l);
      const semi: LeftSemiContext = { facts: [...left], matched: [], count: 0, contexts: new PyIntDict() };
      this.lefts.push(semi);
      for (const f of left) pushTo(this.leftFacts, f, semi);
    }
    let r = rightId;
    if (r === undefined) {
      r = this.rights.length;
      this.rightByHash.set(rightHash, r);
      const semi: RightSemiContext = { facts: [...right], matched: [], count: 0 };
      this.rights.push(semi);
      for (const f of right) pushTo(this.rightFacts, f, semi);
    }
    const id = this.contexts.length;
    this.lefts[l]!.contexts.setdefault(r, id);
    this.contexts.push({ seen: 0, hits: 0, activations: 0, rightFacts: [...right], zeroLevel, leftHash, rightHash });
    return [id, true];
  }
}

/**
 * contextCrosser's matching, either side: clears the last crossing's matches, then gives every
 * semi-context of `all` the facts of `facts` it holds (in input order) and returns those holding
 * any, in id order: the new crossing.
 */
export function crossSemiContexts<S extends RightSemiContext>(
  last: readonly S[],
  byFact: ReadonlyMap<number, readonly S[]>,
  all: readonly S[],
  facts: readonly number[],
): S[] {
  for (const semi of last) {
    semi.matched = [];
    semi.count = 0;
  }
  for (const f of facts) for (const semi of byFact.get(f) ?? []) semi.matched.push(f);
  const crossed: S[] = [];
  for (const semi of all) {
    semi.count = semi.matched.length;
    if (semi.count > 0) crossed.push(semi);
  }
  return crossed;
}

function pushTo<T>(map: Map<number, T[]>, key: number, item: T): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [item]);
  else list.push(item);
}
