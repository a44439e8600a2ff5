// Small original avatars drawn as SVG markup (no external images: the trainer works offline and
// the pictures carry no licence questions). A face is a few shapes chosen by the persona.
export interface AvatarFeatures {
  background: string;
  skin: string;
  hair: string;
  hairStyle: 'short' | 'long' | 'bald' | 'bun' | 'curly';
  shirt: string;
  glasses?: boolean;
  beard?: boolean;
  tie?: string;
  /** -1 frown, 0 neutral, 1 smile: the temperament shows on the face */
  mouth: -1 | 0 | 1;
  /** raised eyebrow for doubt */
  browRaised?: boolean;
}

function hairShapes(features: AvatarFeatures): string {
  const { hair } = features;
  switch (features.hairStyle) {
    case 'bald':
      return `<path d="M20 26 Q20 18 24 16" stroke="${hair}" stroke-width="2" fill="none"/><path d="M44 26 Q44 18 40 16" stroke="${hair}" stroke-width="2" fill="none"/>`;
    case 'short':
      return `<path d="M19 28 Q18 12 32 11 Q46 12 45 28 Q42 19 32 18 Q22 19 19 28 Z" fill="${hair}"/>`;
    case 'long':
      return `<path d="M17 44 Q14 12 32 10 Q50 12 47 44 L43 44 Q44 22 32 19 Q20 22 21 44 Z" fill="${hair}"/>`;
    case 'bun':
      return `<circle cx="32" cy="9" r="6" fill="${hair}"/><path d="M19 28 Q18 12 32 12 Q46 12 45 28 Q42 19 32 18 Q22 19 19 28 Z" fill="${hair}"/>`;
    case 'curly':
      return [18, 24, 30, 36, 42, 46].map((x, i) => `<circle cx="${x}" cy="${12 + (i % 2) * 3}" r="6" fill="${hair}"/>`).join('');
  }
}

export function drawAvatar(features: AvatarFeatures, title: string): string {
  const mouth = features.mouth === 1 ? 'M26 38 Q32 43 38 38' : features.mouth === -1 ? 'M26 40 Q32 36 38 40' : 'M27 39 L37 39';
  const leftBrow = features.browRaised ? 'M23 22 L29 20' : 'M23 23 L29 23';
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="64" height="64" rx="12" fill="${features.background}"/>`,
    `<path d="M10 64 Q12 48 32 47 Q52 48 54 64 Z" fill="${features.shirt}"/>`,
    features.tie ? `<path d="M30 48 L34 48 L35 58 L32 62 L29 58 Z" fill="${features.tie}"/>` : '',
    `<rect x="28" y="40" width="8" height="8" fill="${features.skin}"/>`,
    `<ellipse cx="32" cy="29" rx="13" ry="15" fill="${features.skin}"/>`,
    hairShapes(features),
    features.beard ? `<path d="M20 34 Q22 46 32 46 Q42 46 44 34 Q40 42 32 42 Q24 42 20 34 Z" fill="${features.hair}"/>` : '',
    `<circle cx="26" cy="28" r="1.8" fill="#222"/><circle cx="38" cy="28" r="1.8" fill="#222"/>`,
    `<path d="${leftBrow}" stroke="#333" stroke-width="1.5"/><path d="M35 23 L41 23" stroke="#333" stroke-width="1.5"/>`,
    features.glasses ? `<g fill="none" stroke="#333" stroke-width="1.3"><circle cx="26" cy="28" r="4.5"/><circle cx="38" cy="28" r="4.5"/><path d="M30.5 28 L33.5 28"/></g>` : '',
    `<path d="${mouth}" stroke="#7a3b2e" stroke-width="1.8" fill="none" stroke-linecap="round"/>`,
    '</svg>',
  ];
  return parts.filter(Boolean).join('');
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);
}
