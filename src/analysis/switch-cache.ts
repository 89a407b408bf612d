// The per-site caches of runtime.typeAssert (x.(I)) and runtime.interfaceSwitch (type switches
// with interface cases). Mirrors runtime/iface.go (buildTypeAssertCache,
// buildInterfaceSwitchCache) and internal/abi/switch.go at go1.26: the generated code looks the
// dynamic type up in the site's cache and calls the runtime only on a miss; the runtime then, about
// once in 1024 misses (and once in Mask+1 of those as the table grows), replaces the cache with a
// new heap table holding every type seen so far plus the new one, sized to the next power of two
// ≥ 2n entries. Nothing is allocated per execution once the site's types are cached; over its
// lifetime a site that sees k dynamic types allocates one table per type.
import type { SizeClasses } from '../parse/sizeclasses-go.js';
import { mallocCost } from './malloc-model.js';

export type CacheHelper = 'runtime.typeAssert' | 'runtime.interfaceSwitch';

/** abi.UseInterfaceSwitchCache: the architectures whose generated code consults the cache. */
export function usesSwitchCache(goarch: string): boolean {
  return ['amd64', 'arm64', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'ppc64', 'ppc64le', 'riscv64', 's390x'].includes(goarch);
}

/** Bytes of the heap table built when the cache holds `n` types (size class rounded; noscan). */
export function cacheTableBytes(helper: CacheHelper, n: number, sc: SizeClasses, ptrSize: number): number {
  // TypeAssertCacheEntry{Typ, Itab uintptr}; InterfaceSwitchCacheEntry{Typ uintptr; Case int; Itab uintptr}
  const entry = (helper === 'runtime.typeAssert' ? 2 : 3) * ptrSize;
  let slots = 1;
  while (slots < 2 * n) slots *= 2;
  const size = ptrSize /* Mask */ + slots * entry;
  return mallocCost(sc, ptrSize, size, false)!.allocatedBytes;
}

/** Heap bytes a site's cache allocates over its lifetime when it sees `k` dynamic types (one table per new type). */
export function cacheLifetimeBytes(helper: CacheHelper, k: number, sc: SizeClasses, ptrSize: number): number {
  let total = 0;
  for (let n = 1; n <= k; n++) total += cacheTableBytes(helper, n, sc, ptrSize);
  return total;
}
