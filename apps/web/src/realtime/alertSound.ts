import { useLocalStorage } from '@mantine/hooks';

/** Remembered per device: an agent who muted the beep keeps it muted after a reload. */
export function useAlertSoundMuted(): [boolean, (muted: boolean) => void] {
  const [muted, setMuted] = useLocalStorage<boolean>({ key: 'centrala.agent.alertSoundMuted', defaultValue: false });
  return [muted, setMuted];
}
