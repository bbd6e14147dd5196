package models

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// The due dates quick add reads; see quickadd.go for the rules.

// date reads a due date starting at word i: how many words it takes and
// the day.
func (p *quickParser) date(i int) (int, Date, bool) {
	if w := p.word(i); w == "on" || w == "by" {
		n, d, ok := p.dateAt(i+1, true)
		return n + 1, d, ok
	}
	return p.dateAt(i, false)
}

// dateAt reads a due date at word i; after "on" or "by" (afterWord) a
// three-letter weekday counts and "in N days" does not.
func (p *quickParser) dateAt(i int, afterWord bool) (int, Date, bool) {
	switch w := p.word(i); {
	case w == "":
		return 0, Date{}, false
	case w == "today":
		return quickDay(1, p.today)
	case w == "tomorrow":
		return quickDay(1, p.today.AddDays(1))
	case w == "next":
		if next := p.word(i + 1); next == "week" {
			return quickDay(2, p.today.NextWeek())
		} else if wd, ok := quickWeekday(next, true); ok {
			return quickDay(2, p.today.next(wd))
		}
		return 0, Date{}, false
	case w == "in":
		if afterWord {
			return 0, Date{}, false
		}
		return p.in(i)
	case len(w) == len(dateLayout):
		d, err := ParseDate(w)
		return 1, d, err == nil
	default:
		if wd, ok := quickWeekday(w, afterWord); ok {
			return quickDay(1, p.today.next(wd))
		}
		return p.dayMonth(i)
	}
}

func quickDay(n int, d Date) (int, Date, bool) { return n, d, d.valid() }

// in reads "in N days" or "in N weeks" ("day" and "week" too).
func (p *quickParser) in(i int) (int, Date, bool) {
	num := p.word(i + 1)
	if len(num) > 5 || !allDigits(num) {
		return 0, Date{}, false
	}
	n, _ := strconv.Atoi(num)
	switch p.word(i + 2) {
	case "day", "days":
		return quickDay(3, p.today.AddDays(n))
	case "week", "weeks":
		return quickDay(3, p.today.AddDays(7*n))
	}
	return 0, Date{}, false
}

// dayMonth reads "12 dec" or "dec 12", with a year after it or without:
// then it is the next such day from today on.
func (p *quickParser) dayMonth(i int) (int, Date, bool) {
	day, ok := quickDayNumber(p.word(i))
	month, ok2 := quickMonth(p.word(i + 1))
	if !ok || !ok2 {
		month, ok = quickMonth(p.word(i))
		day, ok2 = quickDayNumber(p.word(i + 1))
		if !ok || !ok2 {
			return 0, Date{}, false
		}
	}
	if y := p.word(i + 2); len(y) == 4 && allDigits(y) {
		year, _ := strconv.Atoi(y)
		d, ok := quickCalendarDay(year, month, day)
		return 3, d, ok && d.valid()
	}
	from := p.today.t.Year()
	for year := from; year <= from+8; year++ { // 29 February comes within 8 years
		if d, ok := quickCalendarDay(year, month, day); ok && !d.Before(p.today) {
			return 2, d, d.valid()
		}
	}
	return 0, Date{}, false
}

// quickCalendarDay returns the day, if the month has it.
func quickCalendarDay(year int, month time.Month, day int) (Date, bool) {
	t := time.Date(year, month, day, 0, 0, 0, 0, time.UTC)
	return Date{t}, t.Day() == day && t.Month() == month
}

// quickDayNumber reads a day of the month, 1 to 31 ("05" too).
func quickDayNumber(w string) (int, bool) {
	if len(w) == 0 || len(w) > 2 || !allDigits(w) {
		return 0, false
	}
	n, _ := strconv.Atoi(w)
	return n, n >= 1 && n <= 31
}

var (
	quickWeekdays = [...]string{"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"}
	quickMonths   = [...]string{"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"}
)

// quickWeekday reads a weekday's full name, or with abbr its first three
// letters ("tues", "thur" and "thurs" too).
func quickWeekday(w string, abbr bool) (time.Weekday, bool) {
	for i, full := range quickWeekdays {
		wd := time.Weekday(i)
		if w == full || abbr && (w == full[:3] ||
			wd == time.Tuesday && w == "tues" ||
			wd == time.Thursday && (w == "thur" || w == "thurs")) {
			return wd, true
		}
	}
	return 0, false
}

// quickMonth reads a month's full name or its first three letters ("sept"
// too).
func quickMonth(w string) (time.Month, bool) {
	for i, full := range quickMonths {
		m := time.Month(i + 1)
		if w == full || w == full[:3] || m == time.September && w == "sept" {
			return m, true
		}
	}
	return 0, false
}

func allDigits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// ParseDay reads a day as a date field takes it: anything quick add reads
// as a due date ("tomorrow", "fri", "next week", "in 3 days", "12 dec",
// "2026-12-12"), and nothing else around it. Three-letter weekdays count
// here, as there is no title for them to be words of.
func ParseDay(s string, today Date) (Date, bool) {
	if len(s) > 64 || !utf8.ValidString(s) {
		return Date{}, false
	}
	words := lexQuickAdd(s)
	p := quickParser{input: s, words: words, today: today, lower: make([]string, len(words))}
	for i, w := range words {
		if w.quoted {
			return Date{}, false
		}
		p.lower[i] = asciiLower(w.text)
	}
	for _, afterWord := range []bool{false, true} {
		if n, d, ok := p.dateAt(0, afterWord); ok && n == len(words) {
			return d, true
		}
	}
	if n, d, ok := p.date(0); ok && n == len(words) {
		return d, true
	}
	return Date{}, false
}
