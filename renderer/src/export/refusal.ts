/**
 * Why export.start refused, as the dialog acts on it: an existing output (offer Replace,
 * which sends the same request with overwrite), a place that cannot be written (choose
 * another), takes or sounds whose files are missing (each named on its own line), or
 * anything else as its message. Pure: it reads the RPC error's code, its `reason` (the
 * export's own cause) and its message.
 */
import type { RpcError } from '../../../electron/ipc/schemas';

export type Refusal =
  | { kind: 'exists'; message: string }
  | { kind: 'unwritable'; message: string }
  | { kind: 'missing'; message: string; files: string[] }
  | { kind: 'other'; message: string };

/** "2 files are missing: A / B: its take's file …; the scene's sound …" → its parts. */
export function missingFiles(message: string): string[] {
  const at = message.indexOf(' missing: ');
  if (at < 0) return [];
  return message.slice(at + ' missing: '.length).split('; ').map((s) => s.trim()).filter(Boolean);
}

export function refusalOf(error: RpcError): Refusal {
  const message = error.message;
  if (error.reason === 'EXISTS') return { kind: 'exists', message };
  if (error.reason === 'UNWRITABLE' || error.reason === 'DISK_FULL') return { kind: 'unwritable', message };
  if (error.reason === 'MISSING_MEDIA') return { kind: 'missing', message, files: missingFiles(message) };
  if (error.code === 'INVALID_INPUT' && error.issues?.[0]) {
    const issue = error.issues[0];
    return { kind: 'other', message: issue.path.endsWith('outPath') ? `The path ${issue.message}.` : message };
  }
  return { kind: 'other', message };
}
