package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/alexedwards/argon2id"
	"github.com/uptrace/bun"
)

// User is an account; tasks and sessions belong to it.
type User struct {
	bun.BaseModel `bun:"table:users,alias:u"`

	ID           int64     `bun:"id,pk,autoincrement"`
	Username     string    `bun:"username,notnull"`
	PasswordHash string    `bun:"password_hash,notnull"`
	Timezone     string    `bun:"timezone,notnull"`
	CreatedAt    time.Time `bun:"created_at,notnull"`
	UpdatedAt    time.Time `bun:"updated_at,notnull"`
}

// LoadLocation returns the named IANA time zone, or UTC if the name is
// empty or unknown.
func LoadLocation(name string) *time.Location {
	if name == "" || name == "Local" || len(name) > 64 {
		return time.UTC
	}
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.UTC
}

// HashParams are the argon2id parameters Docket hashes passwords with:
// OWASP's recommended minimum (19 MiB, 2 passes), which keeps a burst of
// log-ins within a small machine's memory. It is a function so that no
// caller can weaken the cost for everyone by assigning to it.
func HashParams() argon2id.Params {
	return argon2id.Params{Memory: 19 * 1024, Iterations: 2, Parallelism: 1, SaltLength: 16, KeyLength: 32}
}

// dummyHash is checked against when the username is unknown, so a failed
// log-in takes the same time whether or not the user exists.
const dummyHash = "$argon2id$v=19$m=19456,t=2,p=1$hT2SC+SwdkvbqNY7d0wLgQ$epDM0R4mBUGbuB6+r5kMvSKrJh4d7wpIpvA68kHZDc8"

// Passwords hashes and checks passwords at one argon2id cost. The zero
// value uses HashParams, so only code that asks for another cost with
// NewPasswords (tests, which hash thousands of passwords) gets one.
type Passwords struct {
	params *argon2id.Params
	// dummy is a hash made with params, checked for unknown usernames.
	dummy string
}

// NewPasswords returns Passwords hashing with params. It hashes once, to
// make the hash that unknown usernames are checked against.
func NewPasswords(params argon2id.Params) (Passwords, error) {
	dummy, err := argon2id.CreateHash("dummy password", &params)
	if err != nil {
		return Passwords{}, fmt.Errorf("models: hash dummy password: %w", err)
	}
	return Passwords{params: &params, dummy: dummy}, nil
}

// Params returns the argon2id parameters new hashes are made with.
func (pw Passwords) Params() argon2id.Params {
	if pw.params == nil {
		return HashParams()
	}
	return *pw.params
}

func (pw Passwords) hash(password string) (string, error) {
	params := pw.Params()
	hash, err := argon2id.CreateHash(password, &params)
	if err != nil {
		return "", fmt.Errorf("models: hash password: %w", err)
	}
	return hash, nil
}

func (pw Passwords) dummyHash() string {
	if pw.params == nil {
		return dummyHash
	}
	return pw.dummy
}

// CreateUser stores a new user with a hash of password. A taken username
// returns ErrConflict.
func CreateUser(ctx context.Context, db bun.IDB, pw Passwords, username, password, timezone string) (*User, error) {
	hash, err := pw.hash(password)
	if err != nil {
		return nil, err
	}
	now := time.Now().UTC()
	u := &User{Username: username, PasswordHash: hash, Timezone: timezone, CreatedAt: now, UpdatedAt: now}
	b := new(binds)
	q := b.insert(db.NewInsert().Model(u), u).Returning("id")
	if err := b.scanOne(ctx, db, q, &u.ID); err != nil {
		if isUniqueViolation(err) {
			return nil, ErrConflict
		}
		return nil, fmt.Errorf("models: create user %q: %w", username, err)
	}
	return u, nil
}

// GetUser returns the user with that ID, or ErrNotFound.
func GetUser(ctx context.Context, db bun.IDB, id int64) (*User, error) {
	u := new(User)
	b := new(binds)
	err := b.scanOne(ctx, db, db.NewSelect().Model(u).Where("u.id = ?", b.v(id)), u)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, fmt.Errorf("models: get user %d: %w", id, err)
	}
	return u, nil
}

// GetUserByUsername returns the user with that username, or ErrNotFound.
func GetUserByUsername(ctx context.Context, db bun.IDB, username string) (*User, error) {
	u := new(User)
	b := new(binds)
	err := b.scanOne(ctx, db, db.NewSelect().Model(u).Where("u.username = ?", b.v(username)), u)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	} else if err != nil {
		return nil, fmt.Errorf("models: get user %q: %w", username, err)
	}
	return u, nil
}

// ListUsers returns every user, oldest first.
func ListUsers(ctx context.Context, db bun.IDB) ([]User, error) {
	var users []User
	if err := db.NewSelect().Model(&users).Order("u.id").Scan(ctx); err != nil {
		return nil, fmt.Errorf("models: list users: %w", err)
	}
	return users, nil
}

// Authenticate checks a username and password. An unknown user and a wrong
// password both return ErrInvalidCredentials after the same amount of work.
// A hash made with weaker parameters than pw's is upgraded in place.
func Authenticate(ctx context.Context, read, write bun.IDB, pw Passwords, username, password string) (*User, error) {
	u, err := GetUserByUsername(ctx, read, username)
	if errors.Is(err, ErrNotFound) {
		_, _ = argon2id.ComparePasswordAndHash(password, pw.dummyHash())
		return nil, ErrInvalidCredentials
	} else if err != nil {
		return nil, err
	}
	ok, params, err := argon2id.CheckHash(password, u.PasswordHash)
	if err != nil {
		return nil, fmt.Errorf("models: check password of user %d: %w", u.ID, err)
	}
	if !ok {
		return nil, ErrInvalidCredentials
	}
	if want := pw.Params(); params.Memory < want.Memory || params.Iterations < want.Iterations {
		if err := SetPassword(ctx, write, pw, u.ID, password); err != nil {
			return nil, err
		}
	}
	return u, nil
}

// SetPassword replaces the user's password hash.
func SetPassword(ctx context.Context, db bun.IDB, pw Passwords, userID int64, password string) error {
	hash, err := pw.hash(password)
	if err != nil {
		return err
	}
	b := new(binds)
	res, err := b.exec(ctx, db, db.NewUpdate().Model((*User)(nil)).
		Set("password_hash = ?", b.v(hash)).
		Set("updated_at = ?", b.v(time.Now().UTC())).
		Where("id = ?", b.v(userID)))
	return checkAffected(res, err, "set password of user %d", userID)
}

// SetTimezone changes the user's time zone; tz must be a valid IANA name.
func SetTimezone(ctx context.Context, db bun.IDB, userID int64, tz string) error {
	b := new(binds)
	res, err := b.exec(ctx, db, db.NewUpdate().Model((*User)(nil)).
		Set("timezone = ?", b.v(tz)).
		Set("updated_at = ?", b.v(time.Now().UTC())).
		Where("id = ?", b.v(userID)))
	return checkAffected(res, err, "set time zone of user %d", userID)
}

// DeleteUser deletes the user; their tasks and sessions go with them.
func DeleteUser(ctx context.Context, db bun.IDB, userID int64) error {
	b := new(binds)
	res, err := b.exec(ctx, db, db.NewDelete().Model((*User)(nil)).Where("id = ?", b.v(userID)))
	return checkAffected(res, err, "delete user %d", userID)
}

// checkAffected maps a write that touched no row to ErrNotFound and wraps
// any other error with what was being done.
func checkAffected(res sql.Result, err error, format string, args ...any) error {
	if err != nil {
		return fmt.Errorf("models: "+format+": %w", append(args, err)...)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("models: "+format+": %w", append(args, err)...)
	} else if n == 0 {
		return ErrNotFound
	}
	return nil
}
