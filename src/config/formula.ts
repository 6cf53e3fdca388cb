// The formula of a derived metric (SPEC section 15): a small language of + - * / ( ), numbers,
// metric names and min, max, abs, parsed once into a program of steps over whole arrays. Each
// step is one loop over a chunk's samples, so a formula costs its arithmetic and no interpreter
// per sample. Missing samples (NaN) stay missing through every step.
//
// A name is bare (letters, digits, `_`, `:` and `.`, not first a digit or `.`), or quoted in
// single quotes for any other name (`'p99-latency'`). A name followed by `(` is a function.

/** A formula's syntax tree. */
export type FormulaNode =
  | { readonly op: "number"; readonly value: number }
  | { readonly op: "metric"; readonly name: string; readonly column: number }
  | { readonly op: "neg" | "abs"; readonly arg: FormulaNode }
  | {
    readonly op: "+" | "-" | "*" | "/" | "min" | "max";
    readonly left: FormulaNode;
    readonly right: FormulaNode;
  };

/** A problem in a formula's text, at a column counted from 1. */
export class FormulaSyntaxError extends Error {
  /** The column the problem is at, from 1. */
  readonly column: number;

  constructor(message: string, column: number) {
    super(message);
    this.name = "FormulaSyntaxError";
    this.column = column;
  }
}

/** The functions a formula may call, with how many arguments each takes. */
export const FORMULA_FUNCTIONS: Readonly<Record<string, { min: number; max: number }>> = {
  min: { min: 2, max: Infinity },
  max: { min: 2, max: Infinity },
  abs: { min: 1, max: 1 },
};

/** Longest formula text, and deepest nesting: enough for any formula a person writes. */
export const MAX_FORMULA_LENGTH = 4096;
const MAX_DEPTH = 64;

/** A formula's value beyond this magnitude (a division by almost 0) is missing. */
export const FORMULA_LIMIT = 1e200;

type Token =
  | { kind: "number"; value: number; column: number }
  | { kind: "name"; name: string; column: number; quoted: boolean }
  | { kind: "symbol"; symbol: string; column: number }
  | { kind: "end"; column: number };

const BARE_START = /[A-Za-z_:]/;
const BARE = /[A-Za-z0-9_:.]/;
const NUMBER = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    const column = i + 1;
    if (ch === " " || ch === "\t") {
      i++;
    } else if ("+-*/(),".includes(ch)) {
      tokens.push({ kind: "symbol", symbol: ch, column });
      i++;
    } else if (/[0-9.]/.test(ch)) {
      const match = NUMBER.exec(text.slice(i));
      const value = match ? Number(match[0]) : NaN;
      if (!match || !Number.isFinite(value) || BARE_START.test(text[i + match[0].length] ?? "")) {
        throw new FormulaSyntaxError(`a malformed number at column ${column}`, column);
      }
      tokens.push({ kind: "number", value, column });
      i += match[0].length;
    } else if (BARE_START.test(ch)) {
      let j = i + 1;
      while (j < text.length && BARE.test(text[j])) j++;
      tokens.push({ kind: "name", name: text.slice(i, j), column, quoted: false });
      i = j;
    } else if (ch === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new FormulaSyntaxError(`an unclosed quote at column ${column}`, column);
      if (end === i + 1) throw new FormulaSyntaxError(`an empty name at column ${column}`, column);
      tokens.push({ kind: "name", name: text.slice(i + 1, end), column, quoted: true });
      i = end + 1;
    } else {
      throw new FormulaSyntaxError(
        `unexpected ${
          JSON.stringify(ch)
        } at column ${column} (a formula takes + - * / ( ), numbers, metric names, min, max, abs)`,
        column,
      );
    }
  }
  tokens.push({ kind: "end", column: text.length + 1 });
  return tokens;
}

/**
 * Parses a formula.
 *
 * @param text The formula, such as `"errors_rate / max(requests_rate, 1)"`.
 * @returns Its syntax tree.
 * @throws {FormulaSyntaxError} At the first problem, with its column.
 */
export function parseFormula(text: string): FormulaNode {
  if (text.length > MAX_FORMULA_LENGTH) {
    throw new FormulaSyntaxError(
      `longer than ${MAX_FORMULA_LENGTH} characters: got ${text.length}`,
      MAX_FORMULA_LENGTH + 1,
    );
  }
  const tokens = tokenize(text);
  let at = 0;
  let depth = 0;
  const peek = () => tokens[at];
  const isSymbol = (symbol: string) => {
    const token = tokens[at];
    return token.kind === "symbol" && token.symbol === symbol;
  };
  const expect = (symbol: string, what: string) => {
    if (!isSymbol(symbol)) throw unexpected(peek(), what);
    at++;
  };
  const nested = <T>(column: number, parse: () => T): T => {
    if (++depth > MAX_DEPTH) {
      throw new FormulaSyntaxError(
        `nested more than ${MAX_DEPTH} deep at column ${column}`,
        column,
      );
    }
    const node = parse();
    depth--;
    return node;
  };
  const expression = (): FormulaNode => {
    let node = term();
    while (isSymbol("+") || isSymbol("-")) {
      const op = (tokens[at++] as { symbol: "+" | "-" }).symbol;
      node = { op, left: node, right: term() };
    }
    return node;
  };
  const term = (): FormulaNode => {
    let node = unary();
    while (isSymbol("*") || isSymbol("/")) {
      const op = (tokens[at++] as { symbol: "*" | "/" }).symbol;
      node = { op, left: node, right: unary() };
    }
    return node;
  };
  const unary = (): FormulaNode => {
    const token = peek();
    if (isSymbol("-") || isSymbol("+")) {
      at++;
      return nested(token.column, () => {
        const arg = unary();
        return token.kind === "symbol" && token.symbol === "-" ? { op: "neg", arg } : arg;
      });
    }
    return primary();
  };
  const primary = (): FormulaNode => {
    const token = peek();
    if (token.kind === "number") {
      at++;
      return { op: "number", value: token.value };
    }
    if (token.kind === "symbol" && token.symbol === "(") {
      at++;
      const node = nested(token.column, expression);
      expect(")", `")" to close the "(" at column ${token.column}`);
      return node;
    }
    if (token.kind === "name") {
      at++;
      if (!token.quoted && isSymbol("(")) return call(token.name, token.column);
      return { op: "metric", name: token.name, column: token.column };
    }
    throw unexpected(token, "a number, a metric name, a function or (");
  };
  const call = (name: string, column: number): FormulaNode => {
    const arity = Object.hasOwn(FORMULA_FUNCTIONS, name) ? FORMULA_FUNCTIONS[name] : undefined;
    if (!arity) {
      const names = Object.keys(FORMULA_FUNCTIONS);
      const guess = names.find((f) => f.toLowerCase() === name.toLowerCase()) ??
        names.find((f) => editDistanceAtMost1(f, name));
      throw new FormulaSyntaxError(
        `unknown function ${JSON.stringify(name)} at column ${column}${
          guess ? `; did you mean "${guess}"?` : ""
        } (${names.join(", ")})`,
        column,
      );
    }
    at++; // "("
    const args = nested(column, () => {
      const list = [expression()];
      while (isSymbol(",")) {
        at++;
        list.push(expression());
      }
      return list;
    });
    expect(")", `")" to close ${name}( at column ${column}`);
    if (args.length < arity.min || args.length > arity.max) {
      const wanted = arity.max === Infinity ? `at least ${arity.min}` : `${arity.min}`;
      throw new FormulaSyntaxError(
        `${JSON.stringify(name)} at column ${column} takes ${wanted} argument${
          arity.min === 1 && arity.max === 1 ? "" : "s"
        }: got ${args.length}`,
        column,
      );
    }
    if (name === "abs") return { op: "abs", arg: args[0] };
    return args.slice(1).reduce(
      (left, right) => ({ op: name as "min" | "max", left, right }),
      args[0],
    );
  };
  const node = expression();
  if (peek().kind !== "end") throw unexpected(peek(), "an operator or the end");
  return node;
}

function unexpected(token: Token, wanted: string): FormulaSyntaxError {
  const what = token.kind === "end"
    ? "the end"
    : token.kind === "number"
    ? `the number ${token.value}`
    : token.kind === "name"
    ? `the name ${JSON.stringify(token.name)}`
    : JSON.stringify(token.symbol);
  return new FormulaSyntaxError(
    `at column ${token.column}: expected ${wanted}, got ${what}`,
    token.column,
  );
}

function editDistanceAtMost1(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return a.slice(i + 1) === b.slice(i + 1) || a.slice(i) === b.slice(i + 1) ||
    a.slice(i + 1) === b.slice(i);
}

/** The metric names a formula reads, each once, in order of first use, with that column. */
export function formulaInputs(node: FormulaNode): { name: string; column: number }[] {
  const seen = new Map<string, number>();
  const walk = (n: FormulaNode): void => {
    switch (n.op) {
      case "number":
        return;
      case "metric":
        if (!seen.has(n.name)) seen.set(n.name, n.column);
        return;
      case "neg":
      case "abs":
        return walk(n.arg);
      default:
        walk(n.left);
        walk(n.right);
    }
  };
  walk(node);
  return [...seen].map(([name, column]) => ({ name, column }));
}

/** The metric names a formula's text reads, each once (the text must parse). */
export function formulaNames(text: string): string[] {
  return formulaInputs(parseFormula(text)).map((input) => input.name);
}

/**
 * The largest magnitude a formula can reach when each metric it reads stays within `boundOf`:
 * interval arithmetic on magnitudes; a division has no bound but FORMULA_LIMIT.
 */
export function formulaBound(node: FormulaNode, boundOf: (name: string) => number): number {
  const walk = (n: FormulaNode): number => {
    switch (n.op) {
      case "number":
        return Math.abs(n.value);
      case "metric":
        return boundOf(n.name);
      case "neg":
      case "abs":
        return walk(n.arg);
      case "+":
      case "-":
        return walk(n.left) + walk(n.right);
      case "*":
        return walk(n.left) * walk(n.right);
      case "/":
        return Infinity;
      case "min":
      case "max":
        return Math.max(walk(n.left), walk(n.right));
      default: {
        const unknown: never = n;
        throw new TypeError(`unknown formula node ${JSON.stringify(unknown)}`);
      }
    }
  };
  return Math.min(walk(node), FORMULA_LIMIT);
}

/** Where a step reads a value: an input (by slot), a register, or a constant. */
type Operand =
  | { readonly kind: "input"; readonly slot: number }
  | { readonly kind: "register"; readonly index: number }
  | { readonly kind: "constant"; readonly value: number };

type Step = {
  readonly op: "+" | "-" | "*" | "/" | "min" | "max" | "neg" | "abs";
  readonly out: number;
  readonly a: Operand;
  readonly b?: Operand;
};

/**
 * A formula compiled into steps over whole arrays: each step is one loop over the samples of a
 * piece, into a register of its own.
 */
export class FormulaProgram {
  /** The metric names it reads, in the order `evaluate` takes their values. */
  readonly inputs: readonly string[];
  readonly #steps: Step[] = [];
  readonly #result: Operand;
  #registers: Float64Array[] = [];
  readonly #registerCount: number;

  /** Compiles a parsed formula. */
  constructor(node: FormulaNode) {
    this.inputs = formulaInputs(node).map((input) => input.name);
    let registers = 0;
    const compile = (n: FormulaNode): Operand => {
      switch (n.op) {
        case "number":
          return { kind: "constant", value: n.value };
        case "metric":
          return { kind: "input", slot: this.inputs.indexOf(n.name) };
        case "neg":
        case "abs": {
          const a = compile(n.arg);
          if (a.kind === "constant") return { kind: "constant", value: apply(n.op, a.value, 0) };
          const out = registers++;
          this.#steps.push({ op: n.op, out, a });
          return { kind: "register", index: out };
        }
        default: {
          const a = compile(n.left);
          const b = compile(n.right);
          if (a.kind === "constant" && b.kind === "constant") {
            return { kind: "constant", value: apply(n.op, a.value, b.value) };
          }
          const out = registers++;
          this.#steps.push({ op: n.op, out, a, b });
          return { kind: "register", index: out };
        }
      }
    };
    this.#result = compile(node);
    this.#registerCount = registers;
  }

  /**
   * The formula over a piece of samples, into `out`: a value that is not finite or beyond
   * FORMULA_LIMIT is missing (NaN).
   *
   * @param inputs The values of each input, in the order of `inputs`, as long as `out`.
   * @param out Where the values go.
   */
  evaluate(inputs: readonly Float64Array[], out: Float64Array): void {
    const n = out.length;
    if (this.#registers.length === 0 || this.#registers[0].length < n) {
      this.#registers = Array.from({ length: this.#registerCount }, () => new Float64Array(n));
    }
    const array = (operand: Operand): Float64Array | number =>
      operand.kind === "constant"
        ? operand.value
        : operand.kind === "input"
        ? inputs[operand.slot]
        : this.#registers[operand.index].subarray(0, n);
    for (const step of this.#steps) {
      const into = this.#registers[step.out].subarray(0, n);
      const a = array(step.a);
      const b = step.b === undefined ? 0 : array(step.b);
      run(step.op, a, b, into);
    }
    const result = array(this.#result);
    if (typeof result === "number") out.fill(result);
    else out.set(result.subarray(0, n));
    for (let i = 0; i < n; i++) {
      const x = out[i];
      if (!(x >= -FORMULA_LIMIT && x <= FORMULA_LIMIT)) out[i] = NaN;
    }
  }
}

/** One operation on two numbers: what the loops below do per sample, and constants fold by. */
function apply(op: Step["op"], a: number, b: number): number {
  switch (op) {
    case "+":
      return a + b;
    case "-":
      return a - b;
    case "*":
      return a * b;
    case "/":
      return a / b;
    case "min":
      return Math.min(a, b);
    case "max":
      return Math.max(a, b);
    case "neg":
      return -a;
    case "abs":
      return Math.abs(a);
    default: {
      const unknown: never = op;
      throw new TypeError(`unknown formula step ${unknown}`);
    }
  }
}

/**
 * One step over a piece: a loop per operation and operand kind, so each loop is a few machine
 * instructions a sample (Math.min and Math.max keep NaN, as a missing sample must).
 */
function run(
  op: Step["op"],
  a: Float64Array | number,
  b: Float64Array | number,
  out: Float64Array,
) {
  const n = out.length;
  if (typeof a === "number") {
    // Only b varies: a constant on the left.
    const y = b as Float64Array;
    switch (op) {
      case "+":
        for (let i = 0; i < n; i++) out[i] = a + y[i];
        return;
      case "-":
        for (let i = 0; i < n; i++) out[i] = a - y[i];
        return;
      case "*":
        for (let i = 0; i < n; i++) out[i] = a * y[i];
        return;
      case "/":
        for (let i = 0; i < n; i++) out[i] = a / y[i];
        return;
      default:
        for (let i = 0; i < n; i++) out[i] = apply(op, a, y[i]);
        return;
    }
  }
  if (typeof b === "number") {
    switch (op) {
      case "+":
        for (let i = 0; i < n; i++) out[i] = a[i] + b;
        return;
      case "-":
        for (let i = 0; i < n; i++) out[i] = a[i] - b;
        return;
      case "*":
        for (let i = 0; i < n; i++) out[i] = a[i] * b;
        return;
      case "/":
        for (let i = 0; i < n; i++) out[i] = a[i] / b;
        return;
      case "min":
        for (let i = 0; i < n; i++) out[i] = Math.min(a[i], b);
        return;
      case "max":
        for (let i = 0; i < n; i++) out[i] = Math.max(a[i], b);
        return;
      case "neg":
        for (let i = 0; i < n; i++) out[i] = -a[i];
        return;
      case "abs":
        for (let i = 0; i < n; i++) out[i] = Math.abs(a[i]);
        return;
    }
  }
  const y = b as Float64Array;
  switch (op) {
    case "+":
      for (let i = 0; i < n; i++) out[i] = a[i] + y[i];
      return;
    case "-":
      for (let i = 0; i < n; i++) out[i] = a[i] - y[i];
      return;
    case "*":
      for (let i = 0; i < n; i++) out[i] = a[i] * y[i];
      return;
    case "/":
      for (let i = 0; i < n; i++) out[i] = a[i] / y[i];
      return;
    case "min":
      for (let i = 0; i < n; i++) out[i] = Math.min(a[i], y[i]);
      return;
    case "max":
      for (let i = 0; i < n; i++) out[i] = Math.max(a[i], y[i]);
      return;
    default:
      for (let i = 0; i < n; i++) out[i] = apply(op, a[i], y[i]);
  }
}
