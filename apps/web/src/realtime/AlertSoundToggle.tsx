import { ActionIcon, Tooltip } from '@mantine/core';
import { IconVolume, IconVolumeOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useAlertSoundMuted } from './alertSound';
import { beep, unlockAudio } from './beep';

export function AlertSoundToggle() {
  const { t } = useTranslation();
  const [muted, setMuted] = useAlertSoundMuted();
  const label = muted ? t('agentTickets.queue.unmute') : t('agentTickets.queue.mute');

  const toggle = () => {
    setMuted(!muted);
    // Turning the sound on plays it once, so the agent knows what to listen for and that it works.
    if (muted) {
      unlockAudio();
      beep();
    }
  };

  return (
    <Tooltip label={label} withArrow>
      <ActionIcon
        variant={muted ? 'light' : 'default'}
        color={muted ? 'gray' : undefined}
        size="lg"
        aria-label={label}
        aria-pressed={muted}
        onClick={toggle}
        data-testid="alert-sound-toggle"
      >
        {muted ? <IconVolumeOff size={18} /> : <IconVolume size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}
