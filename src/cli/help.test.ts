// The colour rule: --no-color, then FORCE_COLOR=0, then NO_COLOR (https://no-color.org), then
// FORCE_COLOR, then whether stdout is a terminal; -o files never coloured.
import { describe, expect, it } from 'vitest';
import { colorEnabled } from './help.js';

describe('colorEnabled', () => {
  const cases: [string, { color?: boolean; output?: string }, NodeJS.ProcessEnv, boolean, boolean][] = [
    ['a terminal', {}, {}, true, true],
    ['a pipe', {}, {}, false, false],
    ['--no-color on a terminal', { color: false }, {}, true, false],
    ['--no-color wins over FORCE_COLOR', { color: false }, { FORCE_COLOR: '1' }, false, false],
    ['-o FILE', { output: 'r.txt' }, { FORCE_COLOR: '1' }, true, false],
    ['NO_COLOR=1 on a terminal', {}, { NO_COLOR: '1' }, true, false],
    ['NO_COLOR=0 is set, so no colour', {}, { NO_COLOR: '0' }, true, false],
    ['NO_COLOR empty is unset', {}, { NO_COLOR: '' }, true, true],
    ['FORCE_COLOR=1 into a pipe', {}, { FORCE_COLOR: '1' }, false, true],
    ['FORCE_COLOR=2', {}, { FORCE_COLOR: '2' }, false, true],
    ['FORCE_COLOR=3', {}, { FORCE_COLOR: '3' }, false, true],
    ['FORCE_COLOR=true', {}, { FORCE_COLOR: 'true' }, false, true],
    ['FORCE_COLOR=0 on a terminal', {}, { FORCE_COLOR: '0' }, true, false],
    ['FORCE_COLOR=false on a terminal', {}, { FORCE_COLOR: 'false' }, true, false],
    ['FORCE_COLOR empty is unset', {}, { FORCE_COLOR: '' }, false, false],
    ['NO_COLOR wins over FORCE_COLOR=1', {}, { NO_COLOR: '1', FORCE_COLOR: '1' }, false, false],
  ];
  for (const [name, o, env, tty, want] of cases) it(name, () => expect(colorEnabled(o, env, tty)).toBe(want));
});
