// The tool's version, read once from package.json so reports, SARIF and --version agree.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const pkg = require('../package.json') as { version: string };

export const TOOL_NAME = 'cdeguard';
export const TOOL_VERSION: string = pkg.version;
