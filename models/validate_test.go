package models_test

import (
	"errors"
	"strings"
	"testing"

	"docket/models"
)

func TestValidateRules(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		err   error
		field string // "" when the value is valid
	}{
		{"username ok", models.ValidateUsername("al-ice_1.x"), ""},
		{"username short", models.ValidateUsername("al"), "username"},
		{"username long", models.ValidateUsername(strings.Repeat("a", 33)), "username"},
		{"username upper", models.ValidateUsername("Alice"), "username"},
		{"username space", models.ValidateUsername("al ice"), "username"},
		{"password ok", models.ValidatePassword("12345678"), ""},
		{"password counts runes", models.ValidatePassword("ééééééé"), "password"},
		{"password short", models.ValidatePassword("1234567"), "password"},
		{"password long", models.ValidatePassword(strings.Repeat("x", models.MaxPasswordLen+1)), "password"},
		{"title ok", models.ValidateTitle(strings.Repeat("é", models.MaxTitleLen)), ""},
		{"title empty", models.ValidateTitle(""), "title"},
		{"title long", models.ValidateTitle(strings.Repeat("x", models.MaxTitleLen+1)), "title"},
		{"description ok", models.ValidateDescription(strings.Repeat("x", models.MaxDescriptionLen)), ""},
		{"description long", models.ValidateDescription(strings.Repeat("x", models.MaxDescriptionLen+1)), "description"},
		{"title with a NUL byte", models.ValidateTitle("nul\x00byte"), "title"},
		{"title not UTF-8", models.ValidateTitle("\xff\xfe"), "title"},
		{"description with a NUL byte", models.ValidateDescription("\x00"), "description"},
		{"description not UTF-8", models.ValidateDescription("\xc3\x28"), "description"},
		{"title with other control characters", models.ValidateTitle("tab\tbell\a"), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fe, ok := errors.AsType[*models.FieldError](tt.err)
			switch {
			case tt.field == "" && tt.err != nil:
				t.Errorf("unexpected error %v", tt.err)
			case tt.field != "" && (!ok || fe.Field != tt.field || fe.Message == ""):
				t.Errorf("error = %v, want a models.FieldError on %q", tt.err, tt.field)
			}
		})
	}
}

func TestNormalize(t *testing.T) {
	t.Parallel()
	if got := models.NormalizeUsername("  Alice "); got != "alice" {
		t.Errorf("NormalizeUsername = %q", got)
	}
	if got := models.NormalizeDescription("a\r\nb \n\t\n"); got != "a\nb" {
		t.Errorf("NormalizeDescription = %q", got)
	}
}
