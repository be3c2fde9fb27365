import json
names = {
 (2.954,'->'): 'chromium156-jssip313-offer-from-ng-fixture.sdp',
 (2.96,'<-'): 'rtpengine10.5.3.5-offer-rewritten-to-rtpavp.sdp',
 (2.997,'->'): 'sipp361-custom-uas-answer-pcmu-from-ng-fixture.sdp',
 (2.999,'<-'): 'rtpengine10.5.3.5-answer-rewritten-to-savpf.sdp',
 (10.97,'->'): 'sipp361-custom-uac-offer-pcmu-from-ng-fixture.sdp',
 (10.973,'<-'): 'rtpengine10.5.3.5-offer-rewritten-to-savpf.sdp',
 (11.122,'->'): 'chromium156-jssip313-answer-from-ng-fixture.sdp',
 (11.123,'<-'): 'rtpengine10.5.3.5-answer-rewritten-to-rtpavp.sdp',
}
for l in open('/work/shared/fixtures/ng-kamailio-5.6.3-chromium-156.jsonl', encoding='utf-8'):
    d = json.loads(l); m = d['msg']
    if 'sdp' in m:
        n = names[(d['t'], d['dir'])]
        with open('out/' + n, 'wb') as f:
            f.write(m['sdp'].encode('utf-8'))
        print(n, len(m['sdp']))
