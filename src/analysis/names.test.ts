import { describe, expect, it } from 'vitest';
import { genericShape, shortName } from './names.js';

describe('symbol names', () => {
  it('strips the linker package prefix', () => {
    expect(shortName('example.com/m/pkg.(*T).M')).toBe('(*T).M');
    expect(shortName('example.com/m.F.func1')).toBe('F.func1');
    expect(shortName('main.F')).toBe('F');
    expect(shortName('gopkg.in/yaml%2ev3.Marshal')).toBe('Marshal');
    expect(shortName('example.com/m/pkg.G[go.shape.struct { a.b int }]')).toBe('G[go.shape.struct { a.b int }]');
  });
  it('collapses type arguments', () => {
    expect(genericShape('p.(*Box[go.shape.int]).Get')).toBe('p.(*Box[...]).Get');
    expect(genericShape('p.G[map[string]int]')).toBe('p.G[...]');
  });
});
