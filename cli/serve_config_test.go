package cli

import (
	"io"
	"strings"
	"testing"
	"time"
)

func TestServeOpsFlags(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		closed  bool
		backups backupSchedule
		wantErr string
	}{
		{"defaults", nil, nil, false, backupSchedule{0, 7}, ""},
		{"env", nil, map[string]string{"DOCKET_REGISTRATION": "closed", "DOCKET_BACKUP_EVERY": "24h", "DOCKET_BACKUP_KEEP": "3"},
			true, backupSchedule{24 * time.Hour, 3}, ""},
		{"flags beat env", []string{"--registration", "open", "--backup-every", "1h", "--backup-keep", "2"},
			map[string]string{"DOCKET_REGISTRATION": "closed", "DOCKET_BACKUP_EVERY": "24h"}, false, backupSchedule{time.Hour, 2}, ""},
		{"bad registration", []string{"--registration", "shut"}, nil, false, backupSchedule{}, "not open or closed"},
		{"bad env duration", nil, map[string]string{"DOCKET_BACKUP_EVERY": "daily"}, false, backupSchedule{}, "not a duration"},
		{"too often", []string{"--backup-every", "5s"}, nil, false, backupSchedule{}, "too short"},
		{"keep none", []string{"--backup-keep", "0"}, nil, false, backupSchedule{}, "keep at least 1"},
		{"bad env keep", nil, map[string]string{"DOCKET_BACKUP_KEEP": "all"}, false, backupSchedule{}, "not a whole number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Env{Files: testFiles, Getenv: func(k string) string { return tt.env[k] }, Stderr: io.Discard}
			cfg, err := parseServeConfig(e, tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if cfg.RegistrationClosed != tt.closed || cfg.Backups != tt.backups {
				t.Errorf("closed=%v backups=%+v, want closed=%v backups=%+v", cfg.RegistrationClosed, cfg.Backups, tt.closed, tt.backups)
			}
		})
	}
}

func TestPublicURLFlag(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		args       []string
		env        map[string]string
		wantHost   string
		wantSecure bool
		wantErr    string
	}{
		{"unset", nil, nil, "", false, ""},
		{"https implies secure cookies", []string{"--public-url", "https://docket.example.com/"}, nil, "docket.example.com", true, ""},
		{"http leaves cookies alone", nil, map[string]string{"DOCKET_PUBLIC_URL": "http://tasks.lan:8080"}, "tasks.lan:8080", false, ""},
		{"--secure-cookies still works", []string{"--secure-cookies", "--public-url", "http://tasks.lan"}, nil, "tasks.lan", true, ""},
		{"flag beats env", []string{"--public-url", "https://a.example"}, map[string]string{"DOCKET_PUBLIC_URL": "https://b.example"}, "a.example", true, ""},
		{"no scheme", []string{"--public-url", "docket.example.com"}, nil, "", false, "--public-url"},
		{"a path", []string{"--public-url", "https://example.com/docket"}, nil, "", false, "no path"},
		{"another scheme", []string{"--public-url", "ftp://example.com"}, nil, "", false, "--public-url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := Env{Files: testFiles, Getenv: func(k string) string { return tt.env[k] }, Stderr: io.Discard}
			cfg, err := parseServeConfig(e, tt.args)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want it to mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			host := ""
			if cfg.PublicURL != nil {
				host = cfg.PublicURL.Host
			}
			if host != tt.wantHost || cfg.SecureCookies != tt.wantSecure {
				t.Errorf("public host %q, secure cookies %v; want %q, %v", host, cfg.SecureCookies, tt.wantHost, tt.wantSecure)
			}
		})
	}
}
