/**
 * Whether a text contains pasted diagnostic data: log lines, command output
 * (ping, traceroute, mtr, curl, dig), stack traces, HTTP status lines, kernel
 * messages, or a fenced ``` block. Ordinary prose that merely mentions "an error"
 * does not count; at least two diagnostic lines, or one non-empty fenced block, do.
 */
import { splitLines } from './text.js';

const MON = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';

/** A line that begins with a machine timestamp (with seconds), as log lines do. */
const LOG_TIMESTAMP = new RegExp(
  [
    String.raw`^\s*[[(<]?\d{4}[-/.]\d{2}[-/.]\d{2}[T ]\d{2}:\d{2}:\d{2}`, // 2026-11-24 14:30:01, 2026/11/24 14:30:01
    String.raw`^\s*[[(<]?\d{2}:\d{2}:\d{2}(?:[.,]\d+)?\b`, // 14:30:01.123
    String.raw`^\s*[[(<]?${MON}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}`, // syslog: Nov 24 14:30:01
    String.raw`^\s*\[(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s+${MON}\s+\d{1,2}\s+\d{2}:\d{2}:\d{2}`, // apache: [Tue Nov 24 14:30:01.1 2026]
    String.raw`^\s*\[\s*\d+\.\d{3,}\]`, // dmesg: [12345.678901]
    String.raw`^\s*\d{1,2}\.\d{1,2}\.\d{4}\.?\s+\d{2}:\d{2}:\d{2}`, // 24.11.2026 14:30:01
  ].join('|'),
);

const PATTERNS: RegExp[] = [
  // Anywhere in a log line: an access-log timestamp.
  new RegExp(String.raw`\[\d{2}/${MON}/\d{4}:\d{2}:\d{2}:\d{2}\s[+-]\d{4}\]`),
  // Severity markers as logs write them.
  /\b(?:ERROR|FATAL|CRIT(?:ICAL)?|EMERG|ALERT|WARN(?:ING)?|FAILED|FAILURE|PANIC|EXCEPTION)\b/,
  /\[(?:error|warn|warning|crit|alert|emerg|notice|fatal)\]/i,
  /\b(?:error|err|fatal|failed|failure|warning|exception|greška|pogreška)\s*[:\]]/i,
  /\b(?:error|errno|exit code|status code)\s*[=#]?\s*\d{2,}\b/i,
  /\b(?:timed? ?out|timeout|refused)\b/i,
  // 'ssh: connect to host ... failed', 'curl: (7) Failed to connect', 'mysqld[12]: error ...'
  /^\s*[a-z][\w.-]*(?:\[\d+\])?:\s.*\b(?:[Ff]ailed|[Ff]ailure|[Ee]rror|ERROR|[Cc]annot|[Cc]an't|[Uu]nable|[Dd]enied|[Nn]ot [Ff]ound)\b/,
  /\bcurl: \(\d+\)/,
  /\b(?:no route to host|host unreachable|network is unreachable|name or service not known|could not resolve host|temporary failure in name resolution|permission denied|too many connections|connection reset|broken pipe|segmentation fault|out of memory|certificate (?:has )?expired|ssl_error_\w+|err_[a-z_]+|nxdomain|servfail)\b/i,
  // HTTP
  /^\s*(?:[<>]\s*)?HTTP\/\d(?:\.\d)?\s+\d{3}\b/,
  /\b(?:500 Internal Server Error|502 Bad Gateway|503 Service (?:Temporarily )?Unavailable|504 Gateway Time-?out|403 Forbidden|404 Not Found|508 Resource Limit)/i,
  /^\s*(?:[<>]\s*)?(?:Content-Type|Content-Length|Cache-Control|Set-Cookie|Last-Modified|ETag|Location|Via|Transfer-Encoding|Strict-Transport-Security|X-[\w-]+):\s\S/i,
  /^\s*[<>]\s+(?:GET|POST|HEAD|PUT|DELETE|PATCH|OPTIONS) \S+ HTTP\//,
  /^\s*\*\s+(?:Trying|Connected to|connect to|Closing connection|Failed|SSL|TLS|ALPN|Could not|Recv failure|Operation timed out|Server certificate)/,
  // ping
  /^\s*PING \S+/,
  /(?<!\d)\d+ bytes from \S+/,
  /\bicmp_seq[=\s]\d+/,
  /^\s*Reply from \S+:/i,
  /^\s*Request timed out\.?\s*$/i,
  /(?<!\d)\d+ packets transmitted/,
  /\b(?:rtt|round-trip) min\/avg\/max/,
  /Packets: Sent = \d+/,
  // traceroute / tracert / mtr
  /^\s*traceroute (?:to|6 to) \S+/i,
  /^\s*Tracing route to \S+/i,
  /^\s*\d{1,2}\s+(?:\S+\s+\(\d[\d.]*\)|\d{1,3}(?:\.\d{1,3}){3}|[0-9a-f:]+:[0-9a-f:]+|\*)(?:\s+[\d.]+\s*ms|\s+\*)+/i,
  /^\s*\d{1,2}\s+(?:<?\d+ ms\s+|\*\s+){3}/,
  /^\s*\d{1,2}\.\|--\s+\S+/,
  /\bLoss%\s+Snt\b/,
  // dig / nslookup / host
  /^;; (?:->>HEADER<<-|ANSWER SECTION|QUESTION SECTION|Query time|SERVER:)/,
  /^\s*Non-authoritative answer:/i,
  /\bstatus: (?:NOERROR|NXDOMAIN|SERVFAIL|REFUSED)\b/,
  // stack traces
  /^\s+at .*\([^()]*:\d+(?::\d+)?\)\s*$/,
  /^\s+at [\w$.<>]+\([\w.$]*(?::\d+)?\)\s*$/,
  /^\s*Traceback \(most recent call last\):/,
  /^\s+File ".+", line \d+/,
  /^\s*#\d+ .+\(\d+\)(?::|$)/,
  /\bPHP (?:Fatal|Parse|Warning|Notice)\b/,
  /\bException in thread\b/,
  /^\s*(?:[\w$]+\.)*[A-Z][\w$]*(?:Exception|Error)(?::|\s*$)/,
  /^\s*Stack trace:/i,
  // kernel / systemd
  /\bkernel:/,
  /\boom-killer\b|\bOut of memory: Kill/,
  /^\s*(?:Call Trace:|BUG:|Kernel panic)/,
  /\bsegfault at\b/,
  /^\s*●\s+\S+\.service\b/,
  /^\s*Active: (?:active|inactive|failed|activating)\b/,
  /^\s*Main PID: \d+/,
  // shell prompts
  /^\s*(?:\$|[\w.-]+@[\w.-]+(?::[^\s$#]*)?\s*[$#])\s+\S+/,
];

/** True when a line begins with a log timestamp. */
export function startsWithLogTimestamp(line: string): boolean {
  return LOG_TIMESTAMP.test(line);
}

/** True when a single line looks like pasted log or command output. */
export function isDiagnosticLine(line: string): boolean {
  if (line.trim() === '') return false;
  return startsWithLogTimestamp(line) || PATTERNS.some((re) => re.test(line));
}

export function hasDiagnostics(text: string): boolean {
  const lines = splitLines(text);
  let count = 0;
  for (const line of lines) {
    if (line.inFence && line.text.trim() !== '') return true;
    if (!line.isFence && isDiagnosticLine(line.text)) count++;
  }
  return count >= 2;
}
