package org.rfc644.sndmsg;

import java.io.IOException;
import org.rfc644.mailer.submission.LocalUsers;

/**
 * The OS user who runs sndmsg: the real uid from the kernel (/proc/self/status) and its name in
 * /etc/passwd. Environment variables such as USER are not consulted, since anyone can set them.
 */
record InvokingUser(int uid, String name) {

    static InvokingUser fromKernel() throws IOException {
        int uid = LocalUsers.currentUid();
        String name = LocalUsers.system().nameOf(uid).orElseThrow(() -> new IOException(
                "uid " + uid + " has no name in " + LocalUsers.PASSWD + "; a From field needs one"));
        return new InvokingUser(uid, name);
    }
}
