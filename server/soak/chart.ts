/** A small dependency-free SVG line chart for the soak report: one panel per series, shared x axis. */
export interface Series {
  name: string;
  points: [number, number][];
}

const COLOURS = ['#1677ff', '#52c41a', '#fa8c16', '#722ed1', '#eb2f96', '#13c2c2'];
const escape = (s: string) => s.replace(/[&<>"]/g, (ch) => `&#${ch.charCodeAt(0)};`);

export function lineChart(input: {
  title: string;
  xLabel: string;
  series: Series[];
  marks?: { at: number; label: string }[];
}): string {
  const width = 900;
  const panel = 120;
  const left = 70;
  const right = 20;
  const top = 40;
  const gap = 30;
  const series = input.series.filter((s) => s.points.length > 0);
  const height = top + series.length * (panel + gap) + 20;
  const xs = series.flatMap((s) => s.points.map(([x]) => x));
  const xMax = Math.max(1, ...xs);
  const x = (v: number) => left + (v / xMax) * (width - left - right);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${left}" y="22" font-size="15">${escape(input.title)}</text>`,
  ];
  series.forEach((s, i) => {
    const y0 = top + i * (panel + gap);
    const yMax = Math.max(1e-9, ...s.points.map(([, v]) => v)) * 1.1;
    const y = (v: number) => y0 + panel - (v / yMax) * panel;
    const colour = COLOURS[i % COLOURS.length]!;
    parts.push(
      `<rect x="${left}" y="${y0}" width="${width - left - right}" height="${panel}" fill="none" stroke="#ddd"/>`,
      `<text x="${left + 6}" y="${y0 + 14}" fill="${colour}">${escape(s.name)}</text>`,
      `<text x="${left - 6}" y="${y0 + 10}" text-anchor="end">${yMax.toPrecision(3)}</text>`,
      `<text x="${left - 6}" y="${y0 + panel}" text-anchor="end">0</text>`,
      `<polyline fill="none" stroke="${colour}" stroke-width="1.5" points="${s.points
        .map(([px, py]) => `${x(px).toFixed(1)},${y(py).toFixed(1)}`)
        .join(' ')}"/>`,
    );
    for (const mark of input.marks ?? []) {
      parts.push(
        `<line x1="${x(mark.at).toFixed(1)}" x2="${x(mark.at).toFixed(1)}" y1="${y0}" y2="${y0 + panel}" stroke="#f5222d" stroke-dasharray="4 3"/>`,
      );
      if (i === 0) parts.push(`<text x="${x(mark.at) + 3}" y="${y0 - 4}" fill="#f5222d">${escape(mark.label)}</text>`);
    }
  });
  parts.push(
    `<text x="${width - right}" y="${height - 4}" text-anchor="end">${escape(input.xLabel)} (0–${Math.round(xMax)})</text>`,
    '</svg>',
  );
  return parts.join('\n');
}
