import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

afterEach(() => {
  cleanup();
});

// jsdom has no layout. Recharts' ResponsiveContainer measures itself with getBoundingClientRect and then
// follows a ResizeObserver; give it the size the page's CSS gives the chart (.chart: 20rem high), and
// leave every other element at jsdom's zero size.
const CHART_SIZE = { width: 640, height: 320 };

const measure = HTMLElement.prototype.getBoundingClientRect;
HTMLElement.prototype.getBoundingClientRect = function getBoundingClientRect(this: HTMLElement) {
  if (!this.classList.contains('recharts-responsive-container')) return measure.call(this);
  return DOMRect.fromRect({ x: 0, y: 0, ...CHART_SIZE });
};

globalThis.ResizeObserver = class ResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    const contentRect = target.getBoundingClientRect();
    this.callback([{ target, contentRect } as ResizeObserverEntry], this);
  }
  unobserve() {}
  disconnect() {}
};
