import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import {
  a1,
  columnLetters,
  dateTimeToSerial,
  normalizeHeader,
  serialToDateTime,
} from '../sheets-schema/cells.js';
import { parseDateText } from '../sheets-schema/columns.js';

describe('cells', () => {
  it.each([
    [0, 'A'],
    [25, 'Z'],
    [26, 'AA'],
    [51, 'AZ'],
    [52, 'BA'],
    [701, 'ZZ'],
    [702, 'AAA'],
  ])('column %i is %s', (index, letters) => {
    expect(columnLetters(index)).toBe(letters);
  });

  it.each([
    ['Events', 4, 2, 'Events!C4'],
    ['Form responses 1', 2, 0, "'Form responses 1'!A2"],
    ["Bob's tab", 1, 27, "'Bob''s tab'!AB1"],
  ])('a1(%s, %i, %i) is %s', (tab, row, col, expected) => {
    expect(a1(tab, row, col)).toBe(expected);
  });

  it.each([
    ['Slack ID', 'slackid'],
    ['  slack-id ', 'slackid'],
    ['SLACK_ID', 'slackid'],
    ['RSVP deadline', 'rsvpdeadline'],
    ['Réservé', 'reserve'],
  ])('header %j normalises to %s', (header, expected) => {
    expect(normalizeHeader(header)).toBe(expected);
  });

  it.each([
    // [serial, zone, wall clock]
    [46359.770833333336, 'Europe/London', '2026-12-03T18:30:00.000+00:00'],
    [46319.770833333336, 'Europe/London', '2026-10-24T18:30:00.000+01:00'],
    [46321.770833333336, 'Europe/London', '2026-10-26T18:30:00.000+00:00'],
    [46085.375, 'America/New_York', '2026-03-04T09:00:00.000-05:00'],
    [46094.375, 'America/New_York', '2026-03-13T09:00:00.000-04:00'],
  ])('serial %d in %s is %s, and back', (serial, zone, iso) => {
    const dt = serialToDateTime(serial, zone);
    expect(dt.toISO()).toBe(iso);
    expect(dateTimeToSerial(dt, zone)).toBeCloseTo(serial, 8);
  });

  it.each([
    ['Europe/London', '2026-03-29T00:59:59.999Z'],
    ['Europe/London', '2026-03-29T01:00:00.000Z'],
    ['Europe/London', '2026-10-25T00:30:00.000Z'],
    ['Europe/London', '2026-10-25T01:30:00.000Z'],
    ['America/New_York', '2026-11-01T05:30:00.000Z'],
    ['America/New_York', '2026-11-01T06:30:00.000Z'],
    ['Asia/Kolkata', '2026-07-01T12:34:56.789Z'],
    ['Pacific/Chatham', '2026-04-05T13:45:00.000Z'],
  ])('in %s, %s is written as its wall clock there, on both sides of a change of offset', (zone, iso) => {
    const instant = DateTime.fromISO(iso, { zone: 'utc' });
    const wall = instant.setZone(zone);
    const expected = DateTime.fromObject(wall.toObject(), { zone: 'utc' }).diff(
      DateTime.fromISO('1899-12-30T00:00:00Z', { zone: 'utc' }),
    );
    expect(dateTimeToSerial(instant, zone)).toBeCloseTo(expected.as('days'), 9);
  });

  it('writes an instant as the wall clock of the zone it is written in', () => {
    const instant = DateTime.fromISO('2026-07-01T17:00:00Z');
    expect(serialToDateTime(dateTimeToSerial(instant, 'Asia/Tokyo'), 'Asia/Tokyo').toMillis()).toBe(
      instant.toMillis(),
    );
    expect(dateTimeToSerial(instant, 'Asia/Tokyo') - dateTimeToSerial(instant, 'UTC')).toBeCloseTo(9 / 24, 8);
  });

  it.each([
    ['2026-12-03 18:30', '2026-12-03T18:30:00.000+01:00'],
    ['2026-12-03', '2026-12-03T00:00:00.000+01:00'],
    ['12/3/2026 18:30', '2026-12-03T18:30:00.000+01:00'],
    ['3 Dec 2026 18:30', '2026-12-03T18:30:00.000+01:00'],
    ['2026-12-03T17:30:00Z', '2026-12-03T18:30:00.000+01:00'],
    ['next tuesday', undefined],
  ])('text date %j in Europe/Paris is %s', (text, iso) => {
    expect(parseDateText(text, 'Europe/Paris')?.toISO() ?? undefined).toBe(iso);
  });
});

describe('serial dates at DST edges', () => {
  it.each([
    // London springs forward at 01:00 UTC on 2026-03-29: 01:30 does not exist and moves to 02:30 BST.
    [46110.0625, '2026-03-29T02:30:00.000+01:00'],
    // London falls back at 01:00 UTC on 2026-10-25: 01:30 happens twice; it reads as the later one.
    [46320.0625, '2026-10-25T01:30:00.000+00:00'],
    [46320.02083333333, '2026-10-25T00:30:00.000+01:00'],
  ])('serial %d in Europe/London is %s', (serial, iso) => {
    expect(serialToDateTime(serial, 'Europe/London').toISO()).toBe(iso);
  });
});
