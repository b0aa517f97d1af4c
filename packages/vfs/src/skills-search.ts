// Search over saved skills: few and short, so a plain count of matching words (name and exports count
// double, prefixes half) finds them; the server functions keep their own ranked index.
import { tokenize } from './search.js';
import type { SkillInfo } from './skills.js';

const MAX_HITS = 5;

function termsOf(skill: SkillInfo): { strong: Set<string>; weak: Set<string> } {
  return {
    strong: new Set([...tokenize(skill.name.replace(/[-_]/g, ' ')), ...skill.exports.flatMap((e) => tokenize(e))]),
    weak: new Set(tokenize(skill.description)),
  };
}

/** Skills matching one need, best first. */
export function searchSkills(skills: readonly SkillInfo[], need: string): SkillInfo[] {
  const words = tokenize(need);
  if (words.length === 0) return [];
  const scored: Array<{ skill: SkillInfo; score: number }> = [];
  for (const skill of skills) {
    const { strong, weak } = termsOf(skill);
    let score = 0;
    for (const word of words) {
      if (strong.has(word)) score += 2;
      else if (weak.has(word)) score += 1;
      else if (word.length >= 3 && [...strong, ...weak].some((t) => t.startsWith(word))) score += 0.5;
    }
    if (score > 0) scored.push({ skill, score });
  }
  scored.sort((a, b) => b.score - a.score || a.skill.name.localeCompare(b.skill.name));
  return scored.slice(0, MAX_HITS).map((s) => s.skill);
}
