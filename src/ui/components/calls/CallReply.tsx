import { Text } from 'ink';

export interface CallReplyProps {
  /** The reply's last lines, already in their shown form (`replyLines`). */
  readonly lines: readonly string[] | undefined;
}

/** The newest call's reply as it streams in, its last lines. */
export function CallReply({ lines }: CallReplyProps) {
  if (!lines) return <Text dimColor>no reply text yet</Text>;
  return (
    <>
      {lines.map((line, i) => (
        <Text key={i} wrap="truncate-end">
          {line}
        </Text>
      ))}
    </>
  );
}
