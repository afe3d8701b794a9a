/**
 * Streaming byte scanner for Chrome trace event JSON (`{traceEvents:[...]}` or a bare array).
 *
 * Real traces run to several GB, beyond one V8 string, so `JSON.parse` is not an option. The
 * scanner walks the JSON grammar byte by byte over Buffers of any size (every state survives a
 * chunk boundary), validates the whole document, and for each element of the events array
 * extracts only `ph`, `cat`, `name` and `dur` without building objects (and, for begin/end
 * pairs, references to the bytes of `ts`, `pid` and `tid`, read only when an event needs them). It tracks only the
 * byte offset: line and column of an error are computed on the (rare) error path by
 * `positionOfByte`, which keeps the hot loop lean.
 */

/**
 * A value's token as raw bytes `buf[start, end)` (string content or number text), or its
 * decoded text when a string had escapes; both null when absent or of another type.
 */
export interface RawToken {
  buf: Buffer | null;
  start: number;
  end: number;
  text: string | null;
  isNumber: boolean;
}

/** The fields of one event; one object is reused for every event (copy what you keep). */
export interface EventFields {
  /** Position of the element in the events array (for JSON pointers). */
  index: number;
  /** `ph` when it is a one-character string (its char code), 0 when absent, -1 otherwise. */
  ph: number;
  /** `cat`: 0 absent, 1 `Kernel`/`kernel`, 2 any other value. */
  cat: number;
  /** `name` as raw UTF-8 bytes `nameBuf[nameStart, nameEnd)`; nameBuf null when absent. */
  nameBuf: Buffer | null;
  nameStart: number;
  nameEnd: number;
  /** The decoded name when its JSON text had escapes (then nameBuf is null). */
  nameText: string | null;
  /** `dur` in µs; NaN when absent or not a number. */
  dur: number;
  /** `dur` present but not a number. */
  durNotNumber: boolean;
  /** `ts` (number), `pid` and `tid` (number or string): kept as bytes, parsed only for B/E events. */
  ts: RawToken;
  pid: RawToken;
  tid: RawToken;
}

export const CAT_NONE = 0;
export const CAT_KERNEL = 1;
export const CAT_OTHER = 2;

export interface ScanFailure {
  /** `syntax`: not JSON; `shape`: JSON, but not a trace event file; `read`: the stream failed. */
  kind: 'syntax' | 'shape' | 'read';
  /** Byte offset (in the decompressed input) where the problem was found. */
  offset: number;
  message: string;
  pointer?: string;
}

// Parser states.
const VALUE = 0;
const VALUE_OR_END = 1;
const KEY_OR_END = 2;
const KEY = 3;
const COLON = 4;
const AFTER = 5;
const STRING = 6;
const NUMBER = 7;
const LITERAL = 8;
const DONE = 9;
const FAILED = 10;

// Number sub-states (JSON number grammar).
const N_MINUS = 0;
const N_ZERO = 1;
const N_INT = 2;
const N_DOT = 3;
const N_FRAC = 4;
const N_E = 5;
const N_ESIGN = 6;
const N_EXP = 7;

// Container kinds on the stack.
const OBJ = 1;
const ARR = 2;

// What a captured key or value is.
const K_OTHER = 0;
const K_NAME = 1;
const K_PH = 2;
const K_CAT = 3;
const K_DUR = 4;
const K_EVENTS = 5;
/** Capture marker of a key (classified when it ends). */
const K_KEY = 6;
const K_TS = 7;
const K_PID = 8;
const K_TID = 9;

/** Bytes that end the fast path of a string: quote, backslash, control characters. */
const STRING_STOP = new Uint8Array(256);
for (let c = 0; c < 0x20; c++) STRING_STOP[c] = 1;
STRING_STOP[0x22] = 1;
STRING_STOP[0x5c] = 1;

const WHITESPACE = new Uint8Array(256);
for (const c of [0x20, 0x0a, 0x0d, 0x09]) WHITESPACE[c] = 1;

const SCAN_CONSTANTS = [STRING_STOP, WHITESPACE, STRING, NUMBER, LITERAL, AFTER, KEY_OR_END, KEY, COLON, VALUE_OR_END, VALUE, DONE, FAILED, OBJ, ARR] as const;

const LITERALS = [Buffer.from('true'), Buffer.from('false'), Buffer.from('null')];
const POW10 = Array.from({ length: 23 }, (_, k) => 10 ** k);

export class TraceScanner {
  failure: ScanFailure | undefined;
  /** Whether the events array was found (top-level array, or `traceEvents` array). */
  foundEvents = false;
  /** Bytes consumed so far. */
  offset = 0;
  /**
   * A bare events array that ended without its closing `]` after a whole event (the Trace Event
   * Format's JSON Array Format allows this: tracers append events and may never close it).
   */
  openEnded = false;

  /** JSON pointer of the events array. */
  get eventsPointer(): string {
    return this.objectForm ? '/traceEvents' : '';
  }

  private state = VALUE;
  private readonly stack: number[] = [];
  private eventsDepth = -1;
  private eventDepth = -1;
  private objectForm = false;
  private pendingKey = K_OTHER;
  private elementIndex = -1;
  private readonly ev: EventFields = {
    index: 0,
    ph: 0,
    cat: CAT_NONE,
    nameBuf: null,
    nameStart: 0,
    nameEnd: 0,
    nameText: null,
    dur: NaN,
    durNotNumber: false,
    ts: emptyToken(),
    pid: emptyToken(),
    tid: emptyToken(),
  };
  // Token state that must survive a chunk boundary.
  private strIsKey = false;
  private strEscape = 0; // 0: none, 1: after '\', 2..5: hex digits of \u still expected + 1
  private numState = N_MINUS;
  private literal: Buffer = LITERALS[0]!;
  private literalPos = 0;
  // Capture of the current token's bytes: `capture` says what it is (K_OTHER = not captured).
  private capture = K_OTHER;
  private capStart = 0;
  private capPieces: Buffer[] | null = null;
  private capEscaped = false;
  private readonly capRange: { b: Buffer; s: number; e: number } = { b: Buffer.alloc(0), s: 0, e: 0 };
  private bomLeft = 3;

  /**
   * `from` starts the scan mid-file, at the first byte of an element of the events array (after
   * its comma) at byte `offset` of the file: how the second half of a split trace is scanned.
   * Element indices then count from that element (0).
   */
  constructor(
    private readonly onEvent: (ev: EventFields) => void,
    from?: { offset: number; objectForm: boolean },
  ) {
    if (from === undefined) return;
    this.objectForm = from.objectForm;
    this.stack.push(...(from.objectForm ? [OBJ, ARR] : [ARR]));
    this.eventsDepth = this.stack.length;
    this.foundEvents = true;
    this.offset = from.offset;
    this.bomLeft = 0;
  }

  /**
   * Whether the next byte starts an element of the events array that follows a comma, in the
   * state a scanner built with `from` (and that `objectForm`) starts in: the check that makes a
   * split at this byte exact.
   */
  atElementStart(objectForm: boolean): boolean {
    const depth = objectForm ? 2 : 1;
    return this.state === VALUE && this.objectForm === objectForm && this.stack.length === depth && this.eventsDepth === depth && this.stack[depth - 1] === ARR;
  }

  /** Index of the next element of the events array. */
  get nextIndex(): number {
    return this.elementIndex + 1;
  }

  /** Scan one chunk. Returns false once the input is known to be bad (stop feeding it). */
  write(chunk: Buffer): boolean {
    if (this.state === FAILED) return false;
    let i = 0;
    if (this.bomLeft > 0) i = this.skipBom(chunk);
    if (this.capture !== K_OTHER) this.capStart = i;
    if (this.state !== FAILED) {
      this.state = this.scan(chunk, i);
      this.keepCapture(chunk);
    }
    this.offset += chunk.length;
    return this.state !== FAILED;
  }

  /** Signal the end of input: anything unfinished is a truncated file. */
  end(): void {
    if (this.state === FAILED) return;
    if (this.state === NUMBER && this.stack.length === 0 && this.numberCanEnd()) {
      this.state = DONE;
    }
    // Only between whole events of a bare array (after one, or after its comma): an event cut
    // in half, or an object-form trace without its `]}`, is still a truncated file.
    const betweenEvents = this.state === AFTER || this.state === VALUE || this.state === VALUE_OR_END || (this.state === NUMBER && this.numberCanEnd());
    if (betweenEvents && !this.objectForm && this.stack.length === 1 && this.stack[0] === ARR && this.eventsDepth === 1) {
      this.state = DONE;
      this.openEnded = true;
    }
    if (this.state !== DONE) {
      this.fail(this.offset, `unexpected end of input (truncated file?), expected ${this.expectation()}`);
      return;
    }
    if (!this.foundEvents && this.failure === undefined) {
      this.shape(0, 'no `traceEvents` array: expected an object with a `traceEvents` array, or an array of events', '/traceEvents');
    }
  }

  private skipBom(chunk: Buffer): number {
    const bom = [0xef, 0xbb, 0xbf];
    let i = 0;
    while (this.bomLeft > 0 && i < chunk.length) {
      const want = bom[3 - this.bomLeft]!;
      if (chunk[i] !== want) {
        if (this.bomLeft === 3) {
          this.bomLeft = 0;
          return i;
        }
        this.fail(this.offset + i, `unexpected ${describeByte(chunk[i]!)}, expected a value`);
        return chunk.length;
      }
      this.bomLeft--;
      i++;
    }
    return i;
  }

  /**
   * The hot loop. Tokens that matter for no event (most of them) are handled inline; the rest
   * go through methods. The loop exit touches no property, so that V8's optimised code is not
   * thrown away at the end of every chunk.
   */
  private scan(buf: Buffer, start: number): number {
    // Module constants copied to locals: module bindings cost a context load and a TDZ check per use.
    const [STOP, WS, S_STRING, S_NUMBER, S_LITERAL, S_AFTER, S_KEY_OR_END, S_KEY, S_COLON, S_VALUE_OR_END, S_VALUE, S_DONE, S_FAILED, C_OBJ, C_ARR] = SCAN_CONSTANTS;
    const n = buf.length;
    const stack = this.stack;
    let depth = stack.length;
    let i = start;
    let state = this.state;
    while (i < n) {
      if (state === S_STRING) {
        if (this.strEscape !== 0) {
          if (!this.escapeByte(buf[i]!, i)) return S_FAILED;
          i++;
          continue;
        }
        // Fast path: run to the next quote, backslash or control character.
        while (i < n && STOP[buf[i]!] === 0) i++;
        if (i === n) break;
        const c = buf[i]!;
        if (c === 0x22) {
          if (this.capture === K_OTHER) state = this.strIsKey ? S_COLON : depth === 0 ? S_DONE : S_AFTER;
          else state = this.endString(buf, i);
        } else if (c === 0x5c) {
          this.strEscape = 1;
          this.capEscaped = true;
        } else return this.fail(this.offset + i, `unexpected control character ${describeByte(c)} in string (unescaped newline?)`);
        i++;
        continue;
      }
      const c = buf[i]!;
      if (WS[c] === 1) {
        if (state === S_NUMBER || state === S_LITERAL) {
          state = this.tokenEndsAt(buf, i, c, state);
          if (state === S_FAILED) return S_FAILED;
        }
        i++;
        while (i < n && WS[buf[i]!] === 1) i++;
        continue;
      }
      switch (state) {
        case S_NUMBER: {
          const ns = this.numState;
          if (c >= 0x30 && c <= 0x39 && ns !== N_ZERO && ns !== N_MINUS) {
            // Digits after the first: consume the run at once.
            i++;
            while (i < n && buf[i]! >= 0x30 && buf[i]! <= 0x39) i++;
            if (ns !== N_INT) this.numState = ns === N_DOT || ns === N_FRAC ? N_FRAC : N_EXP;
            continue;
          }
          if (this.numberByte(c)) {
            i++;
            continue;
          }
          state = this.tokenEndsAt(buf, i, c, state);
          if (state === S_FAILED) return S_FAILED;
          continue; // reprocess c after the number
        }
        case S_AFTER: {
          const top = stack[depth - 1];
          if (c === 0x2c) {
            state = top === C_OBJ ? S_KEY : S_VALUE;
            // Whitespace after a comma (the usual case) is skipped without another turn of the loop.
            i++;
            while (i < n && WS[buf[i]!] === 1) i++;
            continue;
          } else if ((c === 0x7d && top === C_OBJ) || (c === 0x5d && top === C_ARR)) {
            if (depth === this.eventDepth || depth === this.eventsDepth || depth === 1) {
              state = this.close();
              depth = stack.length;
            } else {
              stack.pop();
              depth--;
            }
          } else return this.fail(this.offset + i, `unexpected ${describeByte(c)}, expected ',' or '${top === C_OBJ ? '}' : ']'}'`);
          i++;
          continue;
        }
        case S_KEY_OR_END:
        case S_KEY: {
          if (c === 0x22) {
            if (depth > 1) {
              // A key almost always ends in this chunk without escapes: an event's is classified
              // in place, and the colon after it taken at once.
              let j = i + 1;
              while (j < n && STOP[buf[j]!] === 0) j++;
              if (j < n && buf[j] === 0x22) {
                if (depth === this.eventDepth) this.pendingKey = classifyKey(buf, i + 1, j, null, false);
                i = j + 1;
                if (i < n && buf[i] === 0x3a) {
                  i++;
                  while (i < n && WS[buf[i]!] === 1) i++;
                  state = S_VALUE;
                } else state = S_COLON;
                continue;
              }
              if (depth !== this.eventDepth) {
                this.strIsKey = true;
                this.capture = K_OTHER;
                state = S_STRING;
                i = j;
                continue;
              }
            }
            this.strIsKey = true;
            if (depth === this.eventDepth || (depth === 1 && this.objectForm)) this.startCapture(K_KEY, i + 1);
            else this.capture = K_OTHER;
            state = S_STRING;
          } else if (c === 0x7d && state === S_KEY_OR_END) {
            state = this.close();
            depth = stack.length;
          } else return this.fail(this.offset + i, `unexpected ${describeByte(c)}, expected a property name in double quotes`);
          i++;
          continue;
        }
        case S_COLON: {
          if (c !== 0x3a) return this.fail(this.offset + i, `unexpected ${describeByte(c)}, expected ':'`);
          state = S_VALUE;
          i++;
          while (i < n && WS[buf[i]!] === 1) i++;
          continue;
        }
        case S_VALUE:
        case S_VALUE_OR_END: {
          if (depth > 1 && depth !== this.eventsDepth) {
            // Fast paths: a string or a plain number that ends in this chunk (almost every one).
            const field = depth === this.eventDepth ? this.pendingKey : K_OTHER;
            if (c === 0x22) {
              let j = i + 1;
              while (j < n && STOP[buf[j]!] === 0) j++;
              if (j < n && buf[j] === 0x22) {
                if (field !== K_OTHER) {
                  this.resetField(c);
                  this.eventString(field, buf, i + 1, j, null);
                }
                state = S_AFTER;
                i = j + 1;
                continue;
              }
              if (field === K_OTHER) {
                // Escapes or the chunk's end: the string goes on byte by byte from here.
                this.strIsKey = false;
                this.capture = K_OTHER;
                state = S_STRING;
                i = j;
                continue;
              }
            } else if ((c >= 0x30 && c <= 0x39) || c === 0x2d) {
              const end = plainNumberEnd(buf, i, WS);
              if (end > 0) {
                if (field !== K_OTHER) this.eventNumber(field, buf, i, end);
                state = S_AFTER;
                i = end;
                continue;
              }
              if (field === K_OTHER) {
                this.numState = c === 0x2d ? N_MINUS : c === 0x30 ? N_ZERO : N_INT;
                this.capture = K_OTHER;
                state = S_NUMBER;
                i++;
                continue;
              }
            }
          }
          state = c === 0x5d && state === S_VALUE_OR_END ? this.close() : this.beginValue(c, i);
          if (state === S_FAILED) return S_FAILED;
          depth = stack.length;
          i++;
          continue;
        }
        case S_LITERAL: {
          if (c !== this.literal[this.literalPos]) return this.fail(this.offset + i, `unexpected ${describeByte(c)}, expected a value`);
          if (++this.literalPos === this.literal.length) state = depth === 0 ? S_DONE : S_AFTER;
          i++;
          continue;
        }
        case S_DONE:
          return this.fail(this.offset + i, `unexpected ${describeByte(c)} after the end of the JSON value (several records in one file?)`);
        default:
          return S_FAILED;
      }
    }
    return state;
  }

  /** Whitespace or another byte ends a number or literal token at `i`. */
  private tokenEndsAt(buf: Buffer, i: number, c: number, state: number): number {
    if (state === LITERAL) return this.fail(this.offset + i, `unexpected ${describeByte(c)}, expected a value`);
    if (!this.numberCanEnd()) return this.fail(this.offset + i, `unexpected ${describeByte(c)} in number, expected a digit`);
    return this.endNumber(buf, i);
  }

  /** Keep the unfinished part of a captured token for the next chunk. */
  private keepCapture(buf: Buffer): void {
    if (this.capture !== K_OTHER && (this.state === STRING || this.state === NUMBER)) {
      (this.capPieces ??= []).push(Buffer.from(buf.subarray(this.capStart, buf.length)));
    }
  }

  /** A byte after a backslash (or a \u hex digit). */
  private escapeByte(c: number, i: number): boolean {
    if (this.strEscape === 1) {
      if (c === 0x75) this.strEscape = 5;
      else if (c === 0x22 || c === 0x5c || c === 0x2f || c === 0x62 || c === 0x66 || c === 0x6e || c === 0x72 || c === 0x74) this.strEscape = 0;
      else {
        this.fail(this.offset + i, `bad escape \\${String.fromCharCode(c)} in string`);
        return false;
      }
      return true;
    }
    const hex = (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
    if (!hex) {
      this.fail(this.offset + i, `bad \\u escape in string: ${describeByte(c)} is not a hex digit`);
      return false;
    }
    this.strEscape = this.strEscape === 2 ? 0 : this.strEscape - 1;
    return true;
  }

  private startCapture(what: number, contentStart: number): void {
    this.capture = what;
    this.capStart = contentStart;
    this.capPieces = null;
    this.capEscaped = false;
  }

  private beginValue(c: number, i: number): number {
    const depth = this.stack.length;
    if (depth === this.eventsDepth) this.elementIndex++;
    const inEventField = depth === this.eventDepth && this.eventDepth > 0;
    const forEvents = depth === 1 && this.objectForm && this.pendingKey === K_EVENTS;
    if (depth === 0 && c !== 0x7b && c !== 0x5b) {
      this.shape(this.offset + i, `expected a trace: an object with \`traceEvents\` or an array of events, found ${describeValue(c)}`);
    }
    if (inEventField && this.pendingKey !== K_OTHER) this.resetField(c);
    if (forEvents && c !== 0x5b) {
      this.shape(this.offset + i, `\`traceEvents\` must be an array of events, found ${describeValue(c)}`, '/traceEvents');
    }
    switch (c) {
      case 0x7b: // {
        this.stack.push(OBJ);
        if (depth === 0) this.objectForm = true;
        if (depth === this.eventsDepth) this.beginEvent();
        this.pendingKey = K_OTHER;
        return KEY_OR_END;
      case 0x5b: // [
        this.stack.push(ARR);
        if (depth === 0 || forEvents) {
          this.eventsDepth = depth + 1;
          this.elementIndex = -1;
          this.foundEvents = true;
        }
        return VALUE_OR_END;
      case 0x22: // "
        this.strIsKey = false;
        this.strEscape = 0;
        this.startCapture(inEventField && ((this.pendingKey >= K_NAME && this.pendingKey <= K_CAT) || this.pendingKey === K_PID || this.pendingKey === K_TID) ? this.pendingKey : K_OTHER, i + 1);
        return STRING;
      case 0x74: // t
      case 0x66: // f
      case 0x6e: // n
        this.literal = LITERALS[c === 0x74 ? 0 : c === 0x66 ? 1 : 2]!;
        this.literalPos = 1;
        return LITERAL;
      default:
        if (c === 0x2d || (c >= 0x30 && c <= 0x39)) {
          this.numState = c === 0x2d ? N_MINUS : c === 0x30 ? N_ZERO : N_INT;
          this.startCapture(inEventField && (this.pendingKey === K_DUR || this.pendingKey >= K_TS) ? this.pendingKey : K_OTHER, i);
          return NUMBER;
        }
        this.fail(this.offset + i, `unexpected ${describeByte(c)}, expected a value`);
        return FAILED;
    }
  }

  /**
   * A repeated key wins over an earlier one (as in JSON.parse), so a field is reset when its
   * value starts; a value of the wrong type leaves it "present but unusable".
   */
  private resetField(c: number): void {
    const ev = this.ev;
    const isString = c === 0x22;
    switch (this.pendingKey) {
      case K_NAME:
        ev.nameBuf = null;
        ev.nameText = null;
        break;
      case K_PH:
        ev.ph = isString ? 0 : -1;
        break;
      case K_CAT:
        ev.cat = isString ? CAT_NONE : CAT_OTHER;
        break;
      case K_DUR:
        ev.dur = NaN;
        ev.durNotNumber = !(c === 0x2d || (c >= 0x30 && c <= 0x39));
        break;
      case K_TS:
        ev.ts.buf = ev.ts.text = null;
        break;
      case K_PID:
        ev.pid.buf = ev.pid.text = null;
        break;
      case K_TID:
        ev.tid.buf = ev.tid.text = null;
        break;
    }
  }

  private beginEvent(): void {
    const ev = this.ev;
    this.eventDepth = this.eventsDepth + 1;
    ev.index = this.elementIndex;
    ev.ph = 0;
    ev.cat = CAT_NONE;
    ev.nameBuf = null;
    ev.nameText = null;
    ev.dur = NaN;
    ev.durNotNumber = false;
    ev.ts.buf = ev.ts.text = null;
    ev.pid.buf = ev.pid.text = null;
    ev.tid.buf = ev.tid.text = null;
  }

  /** Close the innermost container (its closing byte was checked by the caller). */
  private close(): number {
    const depth = this.stack.length;
    if (depth === this.eventDepth) {
      this.eventDepth = -1;
      this.onEvent(this.ev);
    } else if (depth === this.eventsDepth) {
      this.eventsDepth = -1;
    }
    this.stack.pop();
    return this.afterValue();
  }

  private afterValue(): number {
    return this.stack.length === 0 ? DONE : AFTER;
  }

  /**
   * The bytes of the token that ends at `end` in `buf`: a range of `buf`, or of the pieces joined
   * when the token crossed chunk boundaries. One object is reused: read it before the next call.
   */
  private captured(buf: Buffer, end: number): { b: Buffer; s: number; e: number } {
    const r = this.capRange;
    if (this.capPieces === null) {
      r.b = buf;
      r.s = this.capStart;
      r.e = end;
    } else {
      this.capPieces.push(buf.subarray(this.capStart, end));
      r.b = Buffer.concat(this.capPieces);
      r.s = 0;
      r.e = r.b.length;
      this.capPieces = null;
    }
    return r;
  }

  private endString(buf: Buffer, end: number): number {
    const what = this.capture;
    this.capture = K_OTHER;
    if (what === K_OTHER) return this.strIsKey ? COLON : this.afterValue();
    const { b, s, e } = this.captured(buf, end);
    const text = this.capEscaped ? (JSON.parse(`"${b.toString('utf8', s, e)}"`) as string) : null;
    if (this.strIsKey) {
      this.pendingKey = classifyKey(b, s, e, text, this.stack.length === 1 && this.objectForm && this.eventDepth !== 1);
      return COLON;
    }
    this.eventString(what, b, s, e, text);
    return this.afterValue();
  }

  /** A string value of an event field, from its bytes, or its text when it had escapes. */
  private eventString(what: number, b: Buffer, s: number, e: number, text: string | null): void {
    const ev = this.ev;
    if (what === K_NAME) {
      ev.nameText = text;
      ev.nameBuf = text === null ? b : null;
      ev.nameStart = s;
      ev.nameEnd = e;
    } else if (what === K_PH) {
      if (text !== null) ev.ph = text.length === 1 ? text.charCodeAt(0) : -1;
      else ev.ph = e - s === 1 && b[s]! < 0x80 ? b[s]! : -1;
    } else if (what === K_PID || what === K_TID) {
      setToken(what === K_PID ? ev.pid : ev.tid, text === null ? b : null, s, e, text, false);
    } else if (what === K_CAT) {
      const kernel = text !== null ? text === 'Kernel' || text === 'kernel' : isKernelBytes(b, s, e);
      ev.cat = kernel ? CAT_KERNEL : CAT_OTHER;
    }
  }

  /** A number value (bytes `b[s, e)`) of an event field. */
  private eventNumber(what: number, b: Buffer, s: number, e: number): void {
    this.resetField(b[s]!);
    const ev = this.ev;
    if (what === K_DUR) ev.dur = parseNumber(b, s, e);
    else if (what >= K_TS) setToken(what === K_TS ? ev.ts : what === K_PID ? ev.pid : ev.tid, b, s, e, null, true);
  }

  /** Consume one byte of a number if the grammar allows it. */
  private numberByte(c: number): boolean {
    const digit = c >= 0x30 && c <= 0x39;
    switch (this.numState) {
      case N_MINUS:
        if (!digit) return false;
        this.numState = c === 0x30 ? N_ZERO : N_INT;
        return true;
      case N_ZERO:
      case N_INT:
        if (digit && this.numState === N_INT) return true;
        if (c === 0x2e) this.numState = N_DOT;
        else if (c === 0x65 || c === 0x45) this.numState = N_E;
        else return false;
        return true;
      case N_DOT:
      case N_FRAC:
        if (digit) {
          this.numState = N_FRAC;
          return true;
        }
        if (this.numState === N_FRAC && (c === 0x65 || c === 0x45)) {
          this.numState = N_E;
          return true;
        }
        return false;
      case N_E:
        if (c === 0x2b || c === 0x2d) {
          this.numState = N_ESIGN;
          return true;
        }
        if (!digit) return false;
        this.numState = N_EXP;
        return true;
      default: // N_ESIGN, N_EXP
        if (!digit) return false;
        this.numState = N_EXP;
        return true;
    }
  }

  private numberCanEnd(): boolean {
    const s = this.numState;
    return s === N_ZERO || s === N_INT || s === N_FRAC || s === N_EXP;
  }

  private endNumber(buf: Buffer, end: number): number {
    const what = this.capture;
    this.capture = K_OTHER;
    if (what !== K_OTHER) {
      const { b, s, e } = this.captured(buf, end);
      const ev = this.ev;
      if (what === K_DUR) ev.dur = parseNumber(b, s, e);
      else setToken(what === K_TS ? ev.ts : what === K_PID ? ev.pid : ev.tid, b, s, e, null, true);
    }
    return this.afterValue();
  }

  private expectation(): string {
    switch (this.state) {
      case STRING:
        return "'\"' closing the string";
      case NUMBER:
      case LITERAL:
      case VALUE:
        return 'a value';
      case VALUE_OR_END:
        return "a value or ']'";
      case KEY_OR_END:
        return "a property name or '}'";
      case KEY:
        return 'a property name in double quotes';
      case COLON:
        return "':'";
      default: {
        const top = this.stack[this.stack.length - 1];
        return `',' or '${top === OBJ ? '}' : ']'}'`;
      }
    }
  }

  private fail(offset: number, message: string): number {
    this.state = FAILED;
    this.failure = { kind: 'syntax', offset, message };
    return FAILED;
  }

  /** A shape problem: remembered (the first one), while scanning goes on to validate the syntax. */
  private shape(offset: number, message: string, pointer?: string): void {
    this.failure ??= { kind: 'shape', offset, message, ...(pointer !== undefined ? { pointer } : {}) };
  }
}

/** Key id from the key's bytes; compares bytes so that no string is built per key. */
function classifyKey(b: Buffer, s: number, e: number, text: string | null, topLevel: boolean): number {
  if (text !== null) return classifyKeyText(text, topLevel);
  const len = e - s;
  if (topLevel) return len === 11 && b.toString('latin1', s, e) === 'traceEvents' ? K_EVENTS : K_OTHER;
  const c0 = b[s];
  if (len === 2) {
    if (c0 === 0x70 && b[s + 1] === 0x68) return K_PH;
    if (c0 === 0x74 && b[s + 1] === 0x73) return K_TS;
  } else if (len === 3) {
    if (c0 === 0x63 && b[s + 1] === 0x61 && b[s + 2] === 0x74) return K_CAT;
    if (c0 === 0x64 && b[s + 1] === 0x75 && b[s + 2] === 0x72) return K_DUR;
    if (b[s + 1] === 0x69 && b[s + 2] === 0x64) return c0 === 0x70 ? K_PID : c0 === 0x74 ? K_TID : K_OTHER;
  } else if (len === 4) {
    if (c0 === 0x6e && b[s + 1] === 0x61 && b[s + 2] === 0x6d && b[s + 3] === 0x65) return K_NAME;
  }
  return K_OTHER;
}

function classifyKeyText(k: string, topLevel: boolean): number {
  if (topLevel) return k === 'traceEvents' ? K_EVENTS : K_OTHER;
  switch (k) {
    case 'name':
      return K_NAME;
    case 'ph':
      return K_PH;
    case 'cat':
      return K_CAT;
    case 'dur':
      return K_DUR;
    case 'ts':
      return K_TS;
    case 'pid':
      return K_PID;
    case 'tid':
      return K_TID;
    default:
      return K_OTHER;
  }
}

function emptyToken(): RawToken {
  return { buf: null, start: 0, end: 0, text: null, isNumber: false };
}

function setToken(t: RawToken, buf: Buffer | null, start: number, end: number, text: string | null, isNumber: boolean): void {
  t.buf = buf;
  t.start = start;
  t.end = end;
  t.text = text;
  t.isNumber = isNumber;
}

/** A token's text (`7`, `4242(Python)`), '' when absent. */
export function tokenText(t: RawToken): string {
  return t.text ?? t.buf?.toString('utf8', t.start, t.end) ?? '';
}

/**
 * End of a plain number (`-?(0|[1-9]\d*)(\.\d+)?`) starting at `i`, when what follows it in
 * `buf` can end a number (`,`, `}`, `]`, whitespace); -1 otherwise (an exponent, a bad number,
 * the chunk's end), which the byte-by-byte path then handles.
 */
function plainNumberEnd(buf: Buffer, i: number, ws: Uint8Array): number {
  const n = buf.length;
  let j = buf[i] === 0x2d ? i + 1 : i;
  const intStart = j;
  while (j < n && buf[j]! >= 0x30 && buf[j]! <= 0x39) j++;
  if (j === intStart || (buf[intStart] === 0x30 && j > intStart + 1)) return -1;
  if (j < n && buf[j] === 0x2e) {
    const fracStart = ++j;
    while (j < n && buf[j]! >= 0x30 && buf[j]! <= 0x39) j++;
    if (j === fracStart) return -1;
  }
  if (j >= n) return -1;
  const c = buf[j]!;
  return c === 0x2c || c === 0x7d || c === 0x5d || ws[c] === 1 ? j : -1;
}

/**
 * A JSON number from its bytes, exactly as JSON.parse reads it. Fast path: up to 15 significant
 * digits and no exponent, so mantissa and power of ten are exact doubles and one division
 * rounds correctly; anything else goes through Number().
 */
export function parseNumber(b: Buffer, s: number, e: number): number {
  const neg = b[s] === 0x2d;
  let p = neg ? s + 1 : s;
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; p < e; p++) {
    const c = b[p]!;
    if (c === 0x2e) frac = 0;
    else if (c >= 0x30 && c <= 0x39) {
      m = m * 10 + (c - 0x30);
      digits++;
      if (frac >= 0) frac++;
    } else return Number(b.toString('latin1', s, e)); // exponent
  }
  if (digits > 15 || frac > 22) return Number(b.toString('latin1', s, e));
  const v = frac > 0 ? m / POW10[frac]! : m;
  return neg ? -v : v;
}

/** `Kernel` or `kernel` (Paddle and kineto spell it differently). */
function isKernelBytes(b: Buffer, s: number, e: number): boolean {
  return (
    e - s === 6 && (b[s] === 0x4b || b[s] === 0x6b) && b[s + 1] === 0x65 && b[s + 2] === 0x72 && b[s + 3] === 0x6e && b[s + 4] === 0x65 && b[s + 5] === 0x6c
  );
}

function describeByte(c: number): string {
  if (c >= 0x20 && c < 0x7f) return `'${String.fromCharCode(c)}'`;
  return `byte 0x${c.toString(16).padStart(2, '0')}`;
}

function describeValue(c: number): string {
  if (c === 0x7b) return 'an object';
  if (c === 0x5b) return 'an array';
  if (c === 0x22) return 'a string';
  if (c === 0x74 || c === 0x66) return 'a boolean';
  if (c === 0x6e) return 'null';
  return 'a number';
}

/**
 * 1-based line and column of a byte offset in a stream of chunks, counted like
 * `lineColumnAt` (LF, CRLF and lone CR end a line; columns in UTF-16 units; a BOM is skipped).
 */
export async function positionOfByte(chunks: AsyncIterable<Buffer>, offset: number): Promise<{ line: number; column: number }> {
  let line = 1;
  let column = 1;
  let seen = 0;
  // A CR ends a line only when no LF follows, so it waits for the next byte (maybe the one at
  // `offset`, or in the next chunk) before it is counted.
  let pendingCR = false;
  try {
    for await (const chunk of chunks) {
      const n = Math.min(chunk.length, offset + 1 - seen);
      if (n <= 0) break;
      for (let i = 0; i < n; i++) {
        const c = chunk[i]!;
        if (pendingCR) {
          pendingCR = false;
          if (c === 0x0a) column++;
          else {
            line++;
            column = 1;
          }
        }
        if (seen + i === offset) return { line, column };
        if (c === 0x0a) {
          line++;
          column = 1;
        } else if (c === 0x0d) pendingCR = true;
        else if (seen + i === 0 && c === 0xef) {
          // A byte-order mark (its other two bytes are continuation bytes) is not a column.
        } else if ((c & 0xc0) !== 0x80) column += c >= 0xf0 ? 2 : 1;
      }
      seen += n;
    }
  } catch {
    // The stream failed (corrupt gzip): the position reached is the answer.
  }
  return pendingCR ? { line: line + 1, column: 1 } : { line, column };
}

