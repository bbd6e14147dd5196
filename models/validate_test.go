package models

import (
	"errors"
	"strings"
	"testing"
)

func TestValidateRules(t *testing.T) {
	tests := []struct {
		name  string
		err   error
		field string // "" when the value is valid
	}{
		{"username ok", ValidateUsername("al-ice_1.x"), ""},
		{"username short", ValidateUsername("al"), "username"},
		{"username long", ValidateUsername(strings.Repeat("a", 33)), "username"},
		{"username upper", ValidateUsername("Alice"), "username"},
		{"username space", ValidateUsername("al ice"), "username"},
		{"password ok", ValidatePassword("12345678"), ""},
		{"password counts runes", ValidatePassword("ééééééé"), "password"},
		{"password short", ValidatePassword("1234567"), "password"},
		{"password long", ValidatePassword(strings.Repeat("x", MaxPasswordLen+1)), "password"},
		{"title ok", ValidateTitle(strings.Repeat("é", MaxTitleLen)), ""},
		{"title empty", ValidateTitle(""), "title"},
		{"title long", ValidateTitle(strings.Repeat("x", MaxTitleLen+1)), "title"},
		{"description ok", ValidateDescription(strings.Repeat("x", MaxDescriptionLen)), ""},
		{"description long", ValidateDescription(strings.Repeat("x", MaxDescriptionLen+1)), "description"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fe, ok := errors.AsType[*FieldError](tt.err)
			switch {
			case tt.field == "" && tt.err != nil:
				t.Errorf("unexpected error %v", tt.err)
			case tt.field != "" && (!ok || fe.Field != tt.field || fe.Message == ""):
				t.Errorf("error = %v, want a FieldError on %q", tt.err, tt.field)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	if got := NormalizeUsername("  Alice "); got != "alice" {
		t.Errorf("NormalizeUsername = %q", got)
	}
	if got := NormalizeDescription("a\r\nb \n\t\n"); got != "a\nb" {
		t.Errorf("NormalizeDescription = %q", got)
	}
}
