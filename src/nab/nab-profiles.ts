// NAB's application profiles: how much a hit, a miss and a false alarm are worth.

/** The three profiles NAB publishes, in the order its scoreboard prints them. */
export const NAB_PROFILE_NAMES = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'] as const;

/** The name of one of NAB's profiles. */
export type NabProfileName = (typeof NAB_PROFILE_NAMES)[number];

/** One profile's cost matrix (NAB's tnWeight is never used by the scorer, so it is not kept). */
export interface NabProfile {
  readonly name: NabProfileName;
  /** Earned by a window's first detection at its left edge; less the later it comes. */
  readonly tpWeight: number;
  /** Lost for each window with no detection. */
  readonly fnWeight: number;
  /** Lost (at most) for each detection outside every window. */
  readonly fpWeight: number;
}

/** Every profile by name. */
export type NabProfiles = Readonly<Record<NabProfileName, NabProfile>>;

/**
 * Reads NAB's `profiles.json` (`{ standard: { CostMatrix: { tpWeight, fnWeight, fpWeight, … } }, … }`).
 * Throws, naming `source`, when a profile or weight is missing.
 */
export function parseNabProfiles(json: unknown, source: string): NabProfiles {
  const read = (name: NabProfileName): NabProfile => {
    const matrix = (json as Record<string, { CostMatrix?: Record<string, unknown> } | undefined> | null)?.[name]
      ?.CostMatrix;
    const weight = (key: 'tpWeight' | 'fnWeight' | 'fpWeight'): number => {
      const w = matrix?.[key];
      if (typeof w !== 'number' || !Number.isFinite(w)) {
        throw new Error(`${source}: profile "${name}" has no numeric CostMatrix.${key}; restore NAB's profiles.json`);
      }
      return w;
    };
    return { name, tpWeight: weight('tpWeight'), fnWeight: weight('fnWeight'), fpWeight: weight('fpWeight') };
  };
  return {
    standard: read('standard'),
    reward_low_FP_rate: read('reward_low_FP_rate'),
    reward_low_FN_rate: read('reward_low_FN_rate'),
  };
}
