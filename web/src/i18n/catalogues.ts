import { hasCatalogue, type Locale } from '@devplat/common';

/**
 * The phrases and messages of `locale`, loaded before it is shown: zh-CN is in the bundle, English
 * comes as its own chunk (`@devplat/common/en` registers it), so the signed-out pages carry one
 * language (docs/decisions.md, "Console bundle").
 */
export async function loadCatalogue(locale: Locale): Promise<void> {
  if (hasCatalogue(locale)) return;
  if (locale === 'en') await import('@devplat/common/en');
}
