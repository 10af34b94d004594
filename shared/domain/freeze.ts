/**
 * Deep-freezes a plain value in place and returns it. For values that are shared instead of copied (the preset
 * plans and calendars, saved ones parsed once per content): the policy caches per object, so a shared value
 * that changed would silently give every later reader wrong answers; frozen, a change throws where it is made.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const v of Object.values(value)) deepFreeze(v)
  }
  return value
}
