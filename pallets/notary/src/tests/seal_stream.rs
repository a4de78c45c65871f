//! `seal_stream`: a sealed stream takes no more anchors.

use crate::{mock::*, *};
use frame::testing_prelude::*;

#[test]
fn a_sealed_stream_keeps_its_last_anchor_for_good() {
	run(|| {
		let stream = opened(HUAWEI_KEY);
		let tree = log(9);
		anchored(HUAWEI_KEY, stream, &tree, 4);
		assert_ok!(Notary::seal_stream(RuntimeOrigin::signed(HUAWEI_KEY), stream));
		assert_eq!(Streams::<Test>::get(stream).unwrap().status, StreamStatus::Sealed);
		assert_eq!(last_event(), Event::StreamSealed { stream, size: 4, root: root(&tree, 4) });
		assert_noop!(
			Notary::anchor(
				RuntimeOrigin::signed(HUAWEI_KEY),
				stream,
				9,
				root(&tree, 9),
				proof(&tree, 4, 9)
			),
			Error::<Test>::InvalidTransition
		);
		assert_noop!(
			Notary::seal_stream(RuntimeOrigin::signed(HUAWEI_KEY), stream),
			Error::<Test>::InvalidTransition
		);
	});
}

#[test]
fn only_the_owner_that_may_act_seals() {
	run(|| {
		let stream = opened(HUAWEI_KEY);
		let seal = |key, stream| Notary::seal_stream(RuntimeOrigin::signed(key), stream);
		assert_noop!(seal(HUAWEI_KEY, 5), Error::<Test>::NotFound);
		assert_noop!(seal(TENCENT_KEY, stream), Error::<Test>::NotAuthorized);
		assert_noop!(seal(STRANGER, stream), Error::<Test>::NotAuthorized);
		freeze(org(HUAWEI));
		assert_noop!(seal(HUAWEI_KEY, stream), Error::<Test>::IdentityNotActive);
	});
}
