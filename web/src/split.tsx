// Resizable panes: a separator between two panes, dragged with the pointer or moved with the arrow
// keys (Home/End: the limits; a double click or Enter: the default), its position kept per name in
// localStorage as a fraction of the container.
import type { RefObject } from 'preact';
import { useEffect, useState } from 'preact/hooks';

const KEY = 'ifacelens.split.';

export function useFraction(name: string, initial: number): [number, (f: number) => void, number] {
  const [f, setF] = useState(() => {
    const v = Number(localStorage.getItem(KEY + name));
    return v > 0 && v < 1 ? v : initial;
  });
  const set = (v: number) => {
    setF(v);
    localStorage.setItem(KEY + name, String(v));
  };
  return [f, set, initial];
}

/** The element's content box size, followed as it changes. */
export function useSize<T extends HTMLElement>(ref: RefObject<T | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 0, height: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setSize({ width: el.clientWidth, height: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

/** `f` within [min, max] pixels of a container `total` pixels long (both ends keep their minimum). */
export function clampFraction(f: number, total: number, minA: number, minB: number): number {
  if (total <= 0) return f;
  const lo = Math.min(0.5, minA / total);
  const hi = Math.max(0.5, 1 - minB / total);
  return Math.min(hi, Math.max(lo, f));
}

export function Splitter({
  orientation,
  value,
  initial,
  onChange,
  container,
  label,
  min = 0.15,
  max = 0.85,
  testid,
}: {
  /** vertical: a bar between columns, moved sideways; horizontal: between rows */
  orientation: 'vertical' | 'horizontal';
  value: number;
  initial: number;
  onChange: (f: number) => void;
  /** the element whose width (height) the fraction is of */
  container: () => HTMLElement | null;
  label: string;
  min?: number;
  max?: number;
  testid?: string;
}) {
  const clamp = (f: number) => Math.min(max, Math.max(min, f));
  const fromPointer = (e: PointerEvent) => {
    const box = container()?.getBoundingClientRect();
    if (!box) return;
    onChange(clamp(orientation === 'vertical' ? (e.clientX - box.left) / box.width : (e.clientY - box.top) / box.height));
  };
  return (
    // a focusable separator with a value: the ARIA window splitter
    <hr
      tabIndex={0}
      class={`splitter splitter-${orientation}`}
      aria-orientation={orientation}
      aria-label={label}
      aria-valuemin={Math.round(min * 100)}
      aria-valuemax={Math.round(max * 100)}
      aria-valuenow={Math.round(value * 100)}
      data-testid={testid}
      title={`${label}: drag, or focus and use the arrow keys (double-click resets)`}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        e.preventDefault();
        (e.currentTarget as HTMLElement).setPointerCapture(e.pointerId);
      }}
      onPointerMove={(e) => {
        if ((e.currentTarget as HTMLElement).hasPointerCapture(e.pointerId)) fromPointer(e as unknown as PointerEvent);
      }}
      onDblClick={() => onChange(initial)}
      onKeyDown={(e) => {
        const step = e.shiftKey ? 0.1 : 0.02;
        const less = orientation === 'vertical' ? 'ArrowLeft' : 'ArrowUp';
        const more = orientation === 'vertical' ? 'ArrowRight' : 'ArrowDown';
        let next: number | undefined;
        if (e.key === less) next = value - step;
        else if (e.key === more) next = value + step;
        else if (e.key === 'Home') next = min;
        else if (e.key === 'End') next = max;
        else if (e.key === 'Enter') next = initial;
        if (next === undefined) return;
        e.preventDefault();
        onChange(clamp(next));
      }}
    />
  );
}
