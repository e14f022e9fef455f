import { describe, expect, it } from 'vitest';
import { loadNabCorpus, NAB_DIR_ENV, resolveNabDir } from '../../src/nab/nab-corpus-loader.js';

describe('the NAB corpus location', () => {
  it('is $EDDY_NAB_DIR when set, else ../shared/data/nab beside the repository', () => {
    expect(resolveNabDir({ [NAB_DIR_ENV]: '/data/nab' })).toBe('/data/nab');
    expect(resolveNabDir({})).toMatch(/[/\\]shared[/\\]data[/\\]nab$/);
  });

  it('when missing, is an error that says to set EDDY_NAB_DIR', async () => {
    await expect(loadNabCorpus('/nonexistent/nab')).rejects.toThrow(/NAB data not found in \/nonexistent\/nab.*set EDDY_NAB_DIR/);
  });
});
