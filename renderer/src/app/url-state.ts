/**
 * Where the editor is, kept in the URL's hash (`#project=ID&shot=ID`) so that a reload
 * returns to the project and shot that were open rather than to the picker.
 */
export interface Place { projectId: string | null; shotId: string | null }

export function parsePlace(hash: string): Place {
  const params = new URLSearchParams(hash.replace(/^#/, ''));
  return { projectId: params.get('project'), shotId: params.get('shot') };
}

export function formatPlace(place: Place): string {
  if (!place.projectId) return '';
  const params = new URLSearchParams({ project: place.projectId });
  if (place.shotId) params.set('shot', place.shotId);
  return `#${params.toString()}`;
}
