package models

// SeedBatch and SeedChunk give the external tests the seeding batch and
// chunk sizes, so that a test can cross both boundaries.
const (
	SeedBatch = seedBatch
	SeedChunk = seedChunk
)
