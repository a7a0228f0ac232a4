import type { ReactNode } from 'react';

/**
 * A table wider than a phone scrolls sideways inside this region, which keyboard users can
 * focus and scroll (axe-core: scrollable-region-focusable); the table itself keeps no scroller.
 */
export function ScrollRegion({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} style={{ overflowX: 'auto' }}>
      {children}
    </div>
  );
}
