/** App management types shared by the server and the console. */

/** The fixed industry list an app picks from (labels live in the console's phrases). */
export const INDUSTRIES = [
  'smart_home',
  'smart_building',
  'hospitality',
  'healthcare',
  'education',
  'retail',
  'industrial',
  'agriculture',
  'energy',
  'other',
] as const;
export type Industry = (typeof INDUSTRIES)[number];

/** An app as its owner sees it. */
export interface AppView {
  appId: string;
  name: string;
  industry: string;
  description: string;
  createdAt: string;
  updatedAt: string;
}
