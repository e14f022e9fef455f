export async function demoCommand(_opts: { redis?: string; sensors: number; seconds: number; rate: number }): Promise<void> {
  throw new Error('demo: not yet');
}
