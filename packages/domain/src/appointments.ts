/**
 * 预约代表: whether a person may book a reception shift. Pure: today, the time now (Shanghai)
 * and the count already booked are parameters.
 */

/** Bookings a shift takes when neither the shift nor its station says otherwise. */
export const DEFAULT_BOOKING_CAPACITY = 10;

/** Longest a visitor's name, topic and "another time" note may be. */
export const BOOKING_LIMITS = { name: 30, topic: 200, preferredTime: 60 } as const;

/** How far ahead people may book or ask for a time (days). */
export const BOOKING_HORIZON_DAYS = 56;

export interface BookableShift {
  date: string;
  startTime: string;
  status: string;
  capacity: number;
  booked: number;
}

/** The effective capacity: the shift's own, else the station's, else the default. */
export function shiftCapacity(shift: number | null | undefined, station: number | null | undefined): number {
  return shift ?? station ?? DEFAULT_BOOKING_CAPACITY;
}

/** True once a shift has begun (Shanghai time): too late to book it. */
export function shiftStarted(
  shift: { date: string; startTime: string },
  today: string,
  nowHHMM: string,
): boolean {
  return shift.date < today || (shift.date === today && shift.startTime <= nowHHMM);
}

/**
 * Why this shift cannot be booked now, in words for the person, or null. A shift is bookable
 * while it is published, has not started (Shanghai time) and has a free place.
 */
export function bookingProblem(shift: BookableShift, today: string, nowHHMM: string): string | null {
  if (shift.status !== 'published') return '该接待日已取消或尚未发布，请选择其他时间';
  if (shiftStarted(shift, today, nowHHMM)) return '该接待时间已过，请选择其他接待日';
  if (shift.booked >= shift.capacity) return '该接待日预约已满，请选择其他接待日或另约时间';
  return null;
}

/** Problems with the visitor's own entries (name, topic, another-time note), in Chinese. */
export function visitorProblems(input: { name: string; topic: string; preferredTime?: string }): string[] {
  const out: string[] = [];
  const name = input.name.trim();
  if (!name) out.push('请填写姓名');
  else if (Array.from(name).length > BOOKING_LIMITS.name) out.push(`姓名不超过 ${BOOKING_LIMITS.name} 个字`);
  // Zero-width and control characters in a name are never typed by a person.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse
  if (/[\u0000-\u001f\u007f\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]/u.test(input.name)) {
    out.push('姓名中含有不可见字符，请重新输入');
  }
  if (Array.from(input.topic.trim()).length > BOOKING_LIMITS.topic)
    out.push(`想反映的事项不超过 ${BOOKING_LIMITS.topic} 个字`);
  if (
    input.preferredTime !== undefined &&
    Array.from(input.preferredTime).length > BOOKING_LIMITS.preferredTime
  )
    out.push(`希望的时间不超过 ${BOOKING_LIMITS.preferredTime} 个字`);
  return out;
}
