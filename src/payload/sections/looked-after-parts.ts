import { adoptionPart } from './adoption.js';
import { careLeaversPart } from './care-leavers.js';
import { careWorkers } from './care-workers.js';
import { claPlacements } from './cla-placements.js';
import type { EpisodePart } from './episode-part.js';

/**
 * The episode parts for looked-after children and workers, in document order: placements,
 * adoption, care leavers, care workers. `EPISODE_PARTS` in social-care-episodes.ts includes
 * this list, so these parts are added here rather than there.
 */
export const LOOKED_AFTER_PARTS: readonly EpisodePart[] = [claPlacements, adoptionPart, careLeaversPart, careWorkers];
