/**
 * The router: the one place a call from outside enters the main process.
 * It checks the call name and the input against the contract, runs the handler, checks
 * the output, and always answers with a typed result; it never throws to its caller.
 */
import { z } from 'zod';
import { ExportError } from '../export/errors';
import { StoreError } from '../store/types';
import { ModelError } from '../services/models';
import { SpecError } from '../services/shot-spec';
import { calls, isCallName, type CallName } from './contract';
import { handlers, type Services } from './handlers';
import type { RpcError, RpcResult } from './schemas';

export type Router = (name: unknown, input: unknown) => Promise<RpcResult<unknown>>;

export function createRouter(services: Services, log: (message: string) => void = console.error): Router {
  return async (name, input) => {
    if (!isCallName(name)) {
      const shown = typeof name === 'string' ? JSON.stringify(name.slice(0, 100)) : `of type ${typeof name}`;
      return fail({ code: 'UNKNOWN_CALL', message: `unknown call ${shown}` });
    }
    const parsed = calls[name].input.safeParse(input);
    if (!parsed.success) return fail(invalid(name, parsed.error));
    try {
      const handler = handlers[name] as (i: unknown, s: Services) => unknown;
      const value = await handler(parsed.data, services);
      const checked = calls[name].output.safeParse(value);
      if (!checked.success) {
        log(`${name}: output does not match the contract: ${z.prettifyError(checked.error)}`);
        return fail({ code: 'INTERNAL', message: `${name} produced an invalid answer` });
      }
      return { ok: true, value: checked.data };
    } catch (err) {
      return fail(toRpcError(name, err, log));
    }
  };
}

function fail(error: RpcError): RpcResult<never> {
  return { ok: false, error };
}

/** Issue paths and messages quote the caller's keys (`Unrecognized keys: "…"`): bounded, so an answer stays small whatever was sent. */
const ISSUE_CHARS = 200;
const clip = (s: string): string => (s.length > ISSUE_CHARS ? `${s.slice(0, ISSUE_CHARS)}…` : s);

function invalid(name: CallName, error: z.ZodError): RpcError {
  const issues = error.issues.slice(0, 20).map((i) => ({
    path: clip(i.path.map(String).join('.') || '(input)'),
    message: clip(i.message),
  }));
  const first = issues[0];
  return {
    code: 'INVALID_INPUT',
    message: `${name}: ${first ? `${first.path}: ${first.message}` : 'invalid input'}`,
    issues,
  };
}

function toRpcError(name: CallName, err: unknown, log: (message: string) => void): RpcError {
  if (err instanceof StoreError) {
    const code = err.code === 'INVALID' ? 'INVALID_INPUT' : err.code;
    return { code, message: err.message };
  }
  if (err instanceof SpecError || err instanceof ModelError) return { code: 'CONFLICT', message: err.message };
  if (err instanceof ExportError && err.code !== 'FAILED') {
    const code = err.code === 'INVALID' ? 'INVALID_INPUT' : err.code === 'NOT_FOUND' || err.code === 'MISSING_MEDIA' ? 'NOT_FOUND' : 'CONFLICT';
    return { code, message: err.message, reason: err.code };
  }
  log(`${name} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  return { code: 'INTERNAL', message: `${name} failed: ${err instanceof Error ? err.message : String(err)}` };
}
