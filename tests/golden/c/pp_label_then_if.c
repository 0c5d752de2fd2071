/* A label right before an #ifdef (libssh2's examples): a label needs a statement, so the first
   branch is read as plain code and the #else branch is blanked; `after` is found (issue 10). */
int copy(int sock)
{
	if (sock < 0)
		goto shutdown;
	sock++;

shutdown:
#ifdef WIN32
	closesocket(sock);
#else
	close(sock);
#endif
	return 0;
}

int after(int x)
{
	return x;
}
