//! `open_stream`: an empty, open stream owned by the signer's identity.

use crate::{mock::*, *};
use frame::testing_prelude::*;

#[test]
fn a_stream_opens_empty_for_the_signers_identity() {
	run(|| {
		System::set_block_number(4);
		assert_eq!(opened(CONNECTOR_KEY), 0);
		assert_eq!(opened(HUAWEI_KEY), 1);
		let stream = Streams::<Test>::get(0).unwrap();
		assert_eq!(stream.owner, connector());
		assert_eq!(stream.opened_by, CONNECTOR_KEY);
		assert_eq!(stream.name.to_vec(), b"connector 7".to_vec());
		assert_eq!(stream.status, StreamStatus::Open);
		assert_eq!((stream.size, stream.anchors, stream.opened_at), (0, 0, 4));
		assert_eq!(stream.root, Digest::from(merkle::empty_root()));
		assert!(StreamsOf::<Test>::contains_key(connector(), position_key(0)));
		assert!(StreamsOf::<Test>::contains_key(org(HUAWEI), position_key(1)));
		assert_eq!(NextStreamId::<Test>::get(), 2);
		assert_eq!(last_event(), Event::StreamOpened { stream: 1, owner: org(HUAWEI) });
	});
}

#[test]
fn names_are_bounded() {
	run(|| {
		let max = MAX_NAME as usize;
		assert_ok!(Notary::open_stream(RuntimeOrigin::signed(HUAWEI_KEY), vec![b'n'; max]));
		assert_noop!(
			Notary::open_stream(RuntimeOrigin::signed(HUAWEI_KEY), vec![b'n'; max + 1]),
			Error::<Test>::TooLong
		);
	});
}

#[test]
fn only_identities_that_may_act_open_streams() {
	run(|| {
		let open = |key| Notary::open_stream(RuntimeOrigin::signed(key), b"log".to_vec());
		assert_noop!(open(STRANGER), Error::<Test>::NotAuthorized);
		assert_noop!(open(PENDING_KEY), Error::<Test>::IdentityNotActive);
		freeze(org(HUAWEI));
		// The connector's owner is frozen: the connector may not act either.
		assert_noop!(open(CONNECTOR_KEY), Error::<Test>::IdentityNotActive);
	});
}
