#!/usr/bin/env node
import('../dist/cli.js').catch((e) => {
  if (e && e.code === 'ERR_MODULE_NOT_FOUND' && String(e.message).includes('dist/cli.js')) {
    console.error('eddy: dist/ is missing: run `npm run build` first (npm ci does it for you)');
    process.exit(1);
  }
  throw e;
});
