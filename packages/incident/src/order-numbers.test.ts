import { describe, expect, it } from 'vitest';
import { findOrderNumbers } from './order-numbers.js';

describe('findOrderNumbers', () => {
  it.each([
    ['#123456', '123456'],
    ['Order 123456 is down', '123456'],
    ['order no. 123456', '123456'],
    ['Order number: 123456', '123456'],
    ['order #123456', '123456'],
    ['Order ID 123456', '123456'],
    ['narudžba 123456', '123456'],
    ['narudžbe br. 123456', '123456'],
    ['NARUDŽBU 123456', '123456'],
    ['narudzba: 123456', '123456'],
    ['broj narudžbe 123456', '123456'],
    ['za narudžbu broj 123456 ne radi', '123456'],
  ])('finds %j', (text, order) => {
    expect(findOrderNumbers(text)).toEqual([order]);
  });

  it('reads a list after one order word', () => {
    expect(findOrderNumbers('narudžbe 123456, 234567 i #345678')).toEqual(['123456', '234567', '345678']);
    expect(findOrderNumbers('orders 111111 and 222222 / 333333')).toEqual(['111111', '222222', '333333']);
  });

  it('does not take bare six-digit numbers: ports, years, phone numbers, amounts', () => {
    expect(findOrderNumbers('port 123456, tel. 091 123456, godina 202611, iznos 100000 kn, PID 654321')).toEqual([]);
  });

  it('needs exactly six digits', () => {
    expect(findOrderNumbers('#12345 #1234567 order 12345678')).toEqual([]);
  });

  it('does not take ticket, invoice or colour numbers written with #', () => {
    expect(findOrderNumbers('tiket #123456, invoice #234567, račun br. #345678, color: #456789')).toEqual([]);
  });

  it('does not read "ordered" or HTML entities as order numbers', () => {
    expect(findOrderNumbers('I ordered 123456 items &#123456;')).toEqual([]);
  });

  it('deduplicates', () => {
    expect(findOrderNumbers('#123456 ... narudžba 123456')).toEqual(['123456']);
  });
});
