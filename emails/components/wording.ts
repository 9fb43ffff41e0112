/** "1 person", "2,000 people". */
export function peopleCount(count: number): string {
  return count === 1 ? "1 person" : `${count.toLocaleString("en-GB")} people`;
}

/** "today", "tomorrow", "in 3 days". */
export function timeLeft(daysLeft: number): string {
  if (daysLeft <= 0) return "today";
  if (daysLeft === 1) return "tomorrow";
  return `in ${daysLeft} days`;
}
