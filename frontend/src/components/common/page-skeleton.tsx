// A loading placeholder shaped like a directory page: stat cards and table rows.
import { Group, Skeleton, Stack } from '@mantine/core';

export function PageSkeleton({ cards = 4, rows = 8 }: { cards?: number; rows?: number }) {
  return (
    <Stack gap="md" aria-busy="true" aria-label="Loading">
      {cards > 0 && (
        <Group grow>
          {Array.from({ length: cards }, (_, i) => (
            <Skeleton key={i} height={72} />
          ))}
        </Group>
      )}
      <Skeleton height={36} width="40%" />
      {Array.from({ length: rows }, (_, i) => (
        <Skeleton key={i} height={28} />
      ))}
    </Stack>
  );
}
