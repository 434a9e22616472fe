/**
 * A recorded request or response for reading: JSON indented. An attempt records its request as
 * "METHOD URL", a blank line, then the body; the head is kept as it is and only the body is indented.
 * Anything that is not JSON is shown as it came.
 */
export function prettyBody(recorded: string): string {
  const split = recorded.indexOf('\n\n');
  if (split >= 0 && !recorded.trimStart().startsWith('{') && !recorded.trimStart().startsWith('[')) {
    return `${recorded.slice(0, split)}\n\n${indentJson(recorded.slice(split + 2))}`;
  }
  return indentJson(recorded);
}

function indentJson(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
