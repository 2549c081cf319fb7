import { WEEKDAYS, type BusinessHours, type FieldError } from '@centrala/contracts';
import { isValidZone } from '@centrala/incident';

/**
 * What is wrong with business hours that have the right shape (the contract
 * checks that): an unknown zone, a day that closes before it opens, or no open
 * day at all (the clock would never run). Empty when they can be saved.
 */
export function businessHoursProblems(hours: BusinessHours, path = 'businessHours'): FieldError[] {
  const problems: FieldError[] = [];
  if (!isValidZone(hours.zone)) {
    problems.push({
      path: `${path}.zone`,
      code: 'invalid_zone',
      message: { en: 'Choose a time zone from the list.', hr: 'Odaberite vremensku zonu s popisa.' },
    });
  }
  const open = WEEKDAYS.filter((d) => hours.days[d]);
  for (const day of open) {
    const [opens, closes] = hours.days[day]!;
    if (closes <= opens) {
      problems.push({
        path: `${path}.days.${day}`,
        code: 'closes_before_opening',
        message: { en: 'Closing time must be after opening time.', hr: 'Vrijeme zatvaranja mora biti nakon vremena otvaranja.' },
      });
    }
  }
  if (open.length === 0) {
    problems.push({
      path: `${path}.days`,
      code: 'no_open_day',
      message: { en: 'Open at least one day, or choose 24/7.', hr: 'Otvorite barem jedan dan ili odaberite 0–24.' },
    });
  }
  return problems;
}
