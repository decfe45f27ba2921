// What Compose does to a file's values before it uses them: the `.env` beside it read as Compose
// reads it, and `${VAR}` interpolation (defaults, alternatives, required values, `$$`). Pure.

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * A `.env` file: `KEY=VALUE` lines, `export ` allowed, `#` comments (whole lines, or after a
 * space in an unquoted value), single quotes literal, double quotes with \n, \t, \" and \\.
 * Later lines see earlier ones in `${…}` of unquoted and double-quoted values.
 */
export function readEnvFile(text: string, outer: Environment = {}): Record<string, string> {
  const found: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    const [, key, rest] = m;
    const scope = { ...outer, ...found };
    if (rest.startsWith("'")) {
      const end = rest.indexOf("'", 1);
      found[key] = end > 0 ? rest.slice(1, end) : rest.slice(1);
    } else if (rest.startsWith('"')) {
      let value = '';
      let i = 1;
      for (; i < rest.length && rest[i] !== '"'; i++) {
        if (rest[i] === '\\' && i + 1 < rest.length) {
          const next = rest[++i];
          value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next;
        } else value += rest[i];
      }
      found[key] = interpolate(value, scope).value;
    } else {
      const comment = rest.search(/\s#/);
      found[key] = interpolate((comment >= 0 ? rest.slice(0, comment) : rest).trim(), scope).value;
    }
  }
  return found;
}

export interface Interpolated {
  value: string;
  /** Messages of `${VAR:?message}` for variables that are unset (or empty, with the colon). */
  errors: string[];
}

/**
 * `$VAR`, `${VAR}`, `${VAR:-default}` / `${VAR-default}`, `${VAR:+alt}` / `${VAR+alt}`,
 * `${VAR:?err}` / `${VAR?err}`, nested in the default or the alternative, and `$$` for `$`.
 * An unset variable with no default is empty, as in Compose (which warns).
 */
export function interpolate(text: string, env: Environment): Interpolated {
  const errors: string[] = [];
  let i = 0;
  const read = (stopAtBrace: boolean): string => {
    let out = '';
    while (i < text.length) {
      const c = text[i];
      if (stopAtBrace && c === '}') return out;
      if (c !== '$') {
        out += c;
        i++;
        continue;
      }
      const next = text[i + 1];
      if (next === '$') {
        out += '$';
        i += 2;
      } else if (next === '{') {
        i += 2;
        out += braced();
      } else {
        const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i + 1));
        if (m) {
          out += env[m[0]] ?? '';
          i += 1 + m[0].length;
        } else {
          out += '$';
          i++;
        }
      }
    }
    return out;
  };
  const braced = (): string => {
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i));
    if (!m) {
      // Not a variable: kept as written up to the brace.
      const end = text.indexOf('}', i);
      const kept = '${' + text.slice(i, end < 0 ? undefined : end + 1);
      i = end < 0 ? text.length : end + 1;
      return kept;
    }
    const name = m[0];
    i += name.length;
    const value = env[name];
    const op = /^(:?[-+?])/.exec(text.slice(i))?.[1];
    if (!op) {
      if (text[i] === '}') i++;
      return value ?? '';
    }
    i += op.length;
    const arg = read(true);
    if (text[i] === '}') i++;
    const empty = value === undefined || (op.startsWith(':') && value === '');
    if (op.endsWith('-')) return empty ? arg : (value ?? '');
    if (op.endsWith('+')) return empty ? '' : arg;
    if (empty) errors.push(arg || `required variable ${name} is missing a value`);
    return value ?? '';
  };
  return { value: read(false), errors };
}
