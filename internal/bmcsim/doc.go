// Package bmcsim emulates Redfish BMCs for tests, benchmarks and demos: the
// service root, SessionService and EventService with its Subscriptions
// collection, event delivery to subscribers, and the quirks of real BMC
// firmware (profiles), with injectable faults and request accounting.
//
// The emulator is the ground truth the provider's tests stand on, so it is
// strict where DSP0266 and the DMTF schemas are strict; every profile rule
// cites where the behaviour was seen.
//
// Layout: server.go (lifecycle, request pipeline), router.go (URIs and request
// kinds), resources_*.go (Redfish resources), render.go (how a subscription
// is served), subscriptions.go (the stored EventDestinations and their Go
// API), properties.go, decode.go and validate.go (request bodies, their
// Content-Type, and create/PATCH checks from EventDestination.v1_16_0), profiles.go (vendor behaviour), auth.go,
// tls.go, faults.go, delivery.go, filters.go and heartbeat.go (events),
// accounting.go, fleet.go, sink.go (a test event listener), errors.go and
// registry*.go (Redfish messages). README.md says how to run it by hand.
package bmcsim
