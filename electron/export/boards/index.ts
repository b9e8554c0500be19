/**
 * Boards of an export plan: the storyboard PDF, the shot list CSV and PNG image
 * sequences. Each writer puts its output in place atomically.
 */
export { storyboardPdf, writeStoryboardPdf, type StoryboardOptions } from './storyboard-pdf';
export { shotListCsv, writeShotListCsv, SHOT_LIST_COLUMNS, type ShotListOptions } from './shot-list';
export { loadBoardFonts, pickFont, SYSTEM_FALLBACKS } from './fonts';
export { writePngSequence, pngName, frameDigits, type PngSequenceOptions } from './png-sequence';
