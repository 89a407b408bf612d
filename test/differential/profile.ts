// The judge's reading of a heap profile written with -test.memprofilerate=1 (pprof-format does
// the protobuf; nothing here is shared with src/parse/pprof.ts).
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { Profile } from 'pprof-format';

export interface Frame {
  function: string;
  file: string;
  line: number;
}

export interface Location {
  address: bigint;
  /** innermost (inlined callee) first, the function whose code it is last */
  frames: Frame[];
}

export interface Sample {
  /** leaf first; runtime/pprof hides the runtime's own frames above the first caller */
  stack: Location[];
  objects: number;
  bytes: number;
}

export function readHeapProfile(path: string): { period: number; samples: Sample[] } {
  let raw: Uint8Array = readFileSync(path);
  if (raw[0] === 0x1f && raw[1] === 0x8b) raw = gunzipSync(raw);
  const p = Profile.decode(raw);
  const str = p.stringTable.strings;
  const types = p.sampleType.map((t) => str[Number(t.type)]);
  const iObj = types.indexOf('alloc_objects');
  const iBytes = types.indexOf('alloc_space');
  if (iObj < 0 || iBytes < 0) throw new Error(`${path}: not a heap profile (${types.join(', ')})`);
  const fns = new Map(p.function.map((f) => [Number(f.id), { name: str[Number(f.name)], file: str[Number(f.filename)] }]));
  const locs = new Map(
    p.location.map((l) => [
      Number(l.id),
      {
        address: BigInt(l.address ?? 0),
        frames: l.line.map((ln) => {
          const f = fns.get(Number(ln.functionId));
          return { function: f?.name ?? '?', file: f?.file ?? '?', line: Number(ln.line) };
        }),
      },
    ]),
  );
  const samples: Sample[] = [];
  for (const s of p.sample) {
    const objects = Number(s.value[iObj]);
    if (objects === 0) continue;
    samples.push({ stack: s.locationId.map((id) => locs.get(Number(id))!), objects, bytes: Number(s.value[iBytes]) });
  }
  return { period: Number(p.period), samples };
}
