import type { Service } from '@centrala/contracts';
import { Select, type SelectProps } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Select has no null option, so "not related to a service" travels as this value. */
const NONE = 'none';

export function serviceLabel(service: Service): string {
  const ips = service.ipAddresses.length > 0 ? ` — ${service.ipAddresses.join(', ')}` : '';
  return `${service.name} — #${service.orderNumber}${ips}`;
}

interface ServiceSelectProps extends Omit<SelectProps, 'data' | 'value' | 'onChange'> {
  services: Service[];
  value: string | null;
  onChange: (serviceId: string | null) => void;
}

/** The customer's services as "name — #order — IPs", the way they appear in the client area (R5). */
export function ServiceSelect({ services, value, onChange, ...props }: ServiceSelectProps) {
  const { t } = useTranslation();
  return (
    <Select
      label={t('clientTickets.form.service')}
      description={t('clientTickets.form.serviceHint')}
      searchable
      allowDeselect={false}
      nothingFoundMessage={t('clientTickets.form.noServiceMatches')}
      data={[
        { value: NONE, label: t('clientTickets.form.serviceNone') },
        ...services.map((service) => ({ value: service.id, label: serviceLabel(service) })),
      ]}
      value={value ?? NONE}
      onChange={(next) => onChange(next === null || next === NONE ? null : next)}
      {...props}
    />
  );
}
