package models

import (
	"testing"
	"time"
)

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-01-02T03:04:05Z", "9999-12-31T23:59:59-23:59", "1900-01-01T00:00:00+00:01",
		"2026-01-02 03:04:05", "2026-01-02T03:04:05.123456789+14:00", "0000-01-01T00:00:00Z", ""} {
		f.Add(s)
	}
	def := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, s string) {
		refused := false
		got := parseTime(s, "created_at", def, func(string, string) { refused = true })
		if refused {
			if !got.Equal(def) {
				t.Fatalf("parseTime(%q) refused it but returned %v", s, got)
			}
			return
		}
		if err := ValidateTime(got); err != nil {
			t.Fatalf("parseTime(%q) accepted %v: %v", s, got, err)
		}
		if got.Location() != time.UTC {
			t.Fatalf("parseTime(%q) = %v, not in UTC", s, got)
		}
		back := parseTime(formatTime(got), "created_at", def, func(string, string) { t.Fatalf("its own export of %v is refused", got) })
		if !back.Equal(got) {
			t.Fatalf("parseTime(%q) = %v, but its export reads back as %v", s, got, back)
		}
	})
}
